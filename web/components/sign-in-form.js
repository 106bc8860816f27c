/** Email and password: the sign-in itself, on the sign-in screen and over the page when a session ends. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useSubmit } from '../form-submit.js';
import { signIn } from '../state/session.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

export function SignInForm({ onForgot, email: knownEmail = '' }) {
  const [email, setEmail] = useState(knownEmail);
  const [password, setPassword] = useState('');
  const { busy, general, setGeneral, setErrors, attempt, errs } = useSubmit({ signinEmail: ['email'], signinPassword: ['password'] });
  const first = useRef(null);
  const secret = useRef(null);

  // Over the page (a dialog), `autofocus` does this when the dialog opens.
  useEffect(() => (knownEmail ? secret : first).current.focus(), []);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    const local = {};
    if (!email.trim()) local.signinEmail = ['Enter your email address.'];
    if (!password) local.signinPassword = ['Enter your password.'];
    setErrors(local);
    setGeneral([]);
    if (Object.keys(local).length) return (local.signinEmail ? first : secret).current.focus();
    const refused = await attempt(() => signIn(email.trim(), password));
    if (refused) {
      setPassword('');
      secret.current.focus();
    }
  }

  return html`<form id="signin-form" class="form" novalidate onSubmit=${submit}>
    <${FormAlert} id="signin-alert" lines=${general} />
    <${Field} id="signinEmail" label="Email" errors=${errs('signinEmail')} dataField="email">
      <input
        id="signinEmail"
        name="email"
        type="email"
        autocomplete="username"
        spellcheck="false"
        ref=${first}
        value=${email}
        onInput=${(e) => setEmail(e.currentTarget.value)}
        ...${fieldAria('signinEmail', errs('signinEmail'), [])}
      />
    <//>
    <${Field} id="signinPassword" label="Password" errors=${errs('signinPassword')} dataField="password">
      <input
        id="signinPassword"
        name="password"
        type="password"
        autocomplete="current-password"
        autofocus=${Boolean(knownEmail)}
        ref=${secret}
        value=${password}
        onInput=${(e) => setPassword(e.currentTarget.value)}
        ...${fieldAria('signinPassword', errs('signinPassword'), [])}
      />
    <//>
    <div class="form-actions signin-actions">
      <button type="submit" class="btn btn-primary" id="signin-submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
      ${onForgot && html`<button type="button" class="btn btn-quiet" id="signin-forgot" onClick=${() => onForgot(email.trim())}>Forgot your password?</button>`}
    </div>
  </form>`;
}
