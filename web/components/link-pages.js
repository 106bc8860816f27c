/**
 * The pages an emailed link opens: a new password after "forgot your password?", or a first
 * password that accepts an invitation (and signs the person in).
 */
import { html } from '../lib/html.js';
import { acceptInvitation, completePasswordReset, noteForSignIn } from '../state/session.js';
import { leaveLinkPage } from '../state/route.js';
import { AuthShell } from './auth-shell.js';
import { NewPasswordForm } from './new-password-form.js';

export function ResetPage({ token }) {
  const done = async (password) => {
    await completePasswordReset(token, password);
    noteForSignIn('Your password is changed. Sign in with the new one.');
    leaveLinkPage();
  };
  return html`<${AuthShell} id="reset" title="Choose a new password" lead="The link in your email works once. Your old password stops working.">
    <${NewPasswordForm} submitLabel="Save the new password" busyLabel="Saving…" onSubmit=${done} />
    <p class="auth-foot"><a href="#" id="reset-cancel" onClick=${(e) => (e.preventDefault(), leaveLinkPage())}>Back to sign-in</a></p>
  <//>`;
}

export function InvitePage({ token }) {
  const done = async (password) => {
    await acceptInvitation(token, password);
    leaveLinkPage();
  };
  return html`<${AuthShell} id="invite" title="Welcome to the front desk" lead="You were invited to your clinic's front desk. Choose a password to accept; you sign in with your email address and it.">
    <${NewPasswordForm} submitLabel="Accept the invitation" busyLabel="Accepting…" onSubmit=${done} />
  <//>`;
}
