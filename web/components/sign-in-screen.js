/** The first screen without a session: sign in, or ask for a link to choose a new password. */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useSession } from '../state/session.js';
import { AuthShell } from './auth-shell.js';
import { ForgotForm } from './forgot-form.js';
import { SignInForm } from './sign-in-form.js';

export function SignInScreen() {
  const { notice } = useSession();
  // { email } while the forgotten-password form shows.
  const [forgot, setForgot] = useState(null);
  if (forgot) {
    return html`<${AuthShell} id="forgot" title="Choose a new password">
      <${ForgotForm} email=${forgot.email} onBack=${() => setForgot(null)} />
    <//>`;
  }
  return html`<${AuthShell} id="signin" title="Sign in to the front desk" lead="With the email address and password of your clinic account." notice=${notice}>
    <${SignInForm} onForgot=${(email) => setForgot({ email })} />
  <//>`;
}
