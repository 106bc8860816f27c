/**
 * Choosing a password, from an emailed link (a reset or an invitation): typed twice. The server
 * judges the password; what it says about the link itself (`token`) shows above the form.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { ApiError } from '../api.js';
import { refusalsFor } from '../refusals.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

export function NewPasswordForm({ submitLabel, busyLabel, onSubmit }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState({});
  const [general, setGeneral] = useState([]);
  const [busy, setBusy] = useState(false);
  const first = useRef(null);

  useEffect(() => first.current.focus(), []);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    setGeneral([]);
    if (!password) return setErrors({ newPassword: ['Choose a password.'] });
    if (password !== again) return setErrors({ newPasswordAgain: ['The two passwords are not the same.'] });
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(password);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const { byField, general: rest } = refusalsFor(err, { newPassword: ['password'] });
      setErrors(byField);
      setGeneral(rest.map((line) => line.replace(/^token: /, 'This link ')));
      if (byField.newPassword) first.current.focus();
    } finally {
      setBusy(false);
    }
  }

  const errs = (id) => errors[id] || [];
  const onType = (set, id) => (e) => {
    set(e.currentTarget.value);
    if (errors[id]) setErrors({ ...errors, [id]: undefined });
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
