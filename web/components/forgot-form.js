/**
 * "Forgot your password?": an email with a link to choose a new one. The answer is the same
 * whether or not there is an account for the address, so the form cannot tell who has one.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useSubmit } from '../form-submit.js';
import { requestPasswordReset } from '../state/session.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

export function ForgotForm({ email: typed, onBack }) {
  const [email, setEmail] = useState(typed || '');
  const [sent, setSent] = useState(false);
  const { busy, general, setErrors, attempt, errs, clear } = useSubmit({ resetEmail: ['email'] });
  const input = useRef(null);

  useEffect(() => input.current && input.current.focus(), []);

  async function submit(event) {
    event.preventDefault();
    if (!email.trim()) {
      setErrors({ resetEmail: ['Enter the email address you sign in with.'] });
      return input.current.focus();
    }
    await attempt(async () => {
      await requestPasswordReset(email.trim());
      setSent(true);
    });
  }

  if (sent) {
    return html`<div id="forgot-sent" class="form" role="status">
      <p>If there is an account for <strong>${email.trim()}</strong>, an email with a link to choose a new password is on its way. The link works once, for a short while.</p>
      <div class="form-actions"><button type="button" class="btn btn-secondary" id="forgot-back" onClick=${onBack}>Back to sign-in</button></div>
    </div>`;
  }
  return html`<form id="forgot-form" class="form" novalidate onSubmit=${submit}>
    <p class="muted">We will email you a link to choose a new password.</p>
    <${FormAlert} id="forgot-alert" lines=${general} />
    <${Field} id="resetEmail" label="Email" errors=${errs('resetEmail')} dataField="email">
      <input
        id="resetEmail"
        name="email"
        type="email"
        autocomplete="username"
        spellcheck="false"
        ref=${input}
        value=${email}
        onInput=${(e) => {
          setEmail(e.currentTarget.value);
          clear('resetEmail');
        }}
        ...${fieldAria('resetEmail', errs('resetEmail'), [])}
      />
    <//>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" id="forgot-submit" disabled=${busy}>${busy ? 'Sending…' : 'Email me a link'}</button>
      <button type="button" class="btn btn-quiet" id="forgot-back" onClick=${onBack}>Back to sign-in</button>
    </div>
  </form>`;
}
