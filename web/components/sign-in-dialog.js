/**
 * The session ended mid-work (expired, or signed out in another tab): sign in again over the page,
 * which keeps what was typed; whatever was being sent goes on afterwards.
 */
import { html } from '../lib/html.js';
import { useSession } from '../state/session.js';
import { Dialog } from './dialog.js';
import { SignInForm } from './sign-in-form.js';

export function SignInDialog() {
  const { expired, me, notice } = useSession();
  // No way around it: every request waits for the new session.
  const refuseEscape = (event) => event.preventDefault();
  return html`<${Dialog} id="signin-again" class="modal" labelledBy="signin-again-title" open=${expired} onCancel=${refuseEscape} onClose=${() => undefined}>
    <div class="modal-body">
      <h2 id="signin-again-title">Sign in again</h2>
      <p class="muted" id="signin-again-why">${notice}</p>
      ${expired && html`<${SignInForm} email=${(me && me.email) || ''} />`}
    </div>
  <//>`;
}
