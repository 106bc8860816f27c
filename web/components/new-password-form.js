/**
 * Choosing a password, from an emailed link (a reset or an invitation): typed twice. The server
 * judges the password; what it says about the link itself (`token`) shows above the form.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useSubmit } from '../form-submit.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

export function NewPasswordForm({ submitLabel, busyLabel, onSubmit }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { busy, general, setGeneral, setErrors, attempt, errs, clear } = useSubmit({ newPassword: ['password'] });
  const first = useRef(null);

  useEffect(() => first.current.focus(), []);

  async function submit(event) {
    event.preventDefault();
    setGeneral([]);
    if (!password) return setErrors({ newPassword: ['Choose a password.'] });
    if (password !== again) return setErrors({ newPasswordAgain: ['The two passwords are not the same.'] });
    setErrors({});
    const refused = await attempt(() => onSubmit(password), { focusRefused: true });
    // What is wrong with the link itself reads as a sentence about the link.
    if (refused) setGeneral((lines) => lines.map((line) => line.replace(/^token: /, 'This link ')));
  }

  const onType = (set, id) => (e) => {
    set(e.currentTarget.value);
    clear(id);
  };
  return html`<form id="password-form" class="form" novalidate onSubmit=${submit}>
    <${FormAlert} id="password-alert" lines=${general} />
    <${Field} id="newPassword" label="New password" hint="At least 12 characters. A short sentence is easy to remember." errors=${errs('newPassword')} dataField="password">
      <input id="newPassword" name="password" type="password" autocomplete="new-password" ref=${first} value=${password} onInput=${onType(setPassword, 'newPassword')} ...${fieldAria('newPassword', errs('newPassword'))} />
    <//>
    <${Field} id="newPasswordAgain" label="The same password again" errors=${errs('newPasswordAgain')}>
      <input id="newPasswordAgain" name="passwordAgain" type="password" autocomplete="new-password" value=${again} onInput=${onType(setAgain, 'newPasswordAgain')} ...${fieldAria('newPasswordAgain', errs('newPasswordAgain'), [])} />
    <//>
    <div class="form-actions">
      <button type="submit" class="btn btn-primary" id="password-submit" disabled=${busy}>${busy ? busyLabel : submitLabel}</button>
    </div>
  </form>`;
}
