/** Invite someone to the clinic's desk: their email, name and role; they get an email with a link. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, clinicPath } from '../api.js';
import { useSubmit } from '../form-submit.js';
import { roleLabel } from '../state/session.js';
import { Dialog } from './dialog.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

const FIELDS = { inviteEmail: ['email'], inviteName: ['name'], inviteRole: ['role'] };
const blank = { email: '', name: '', role: 'staff' };

export function InviteDialog({ open, clinicId, clinicName, onInvited, onClose }) {
  const [values, setValues] = useState(blank);
  const { busy, general, attempt, errs, clear, reset } = useSubmit(FIELDS);
  const first = useRef(null);

  useEffect(() => {
    if (!open) return;
    setValues(blank);
    reset();
    first.current.focus();
  }, [open]);

  async function submit(event) {
    event.preventDefault();
    await attempt(async () => {
      const person = await api('POST', clinicPath(clinicId, '/staff'), { email: values.email.trim(), name: values.name.trim(), role: values.role });
      onInvited(person || { email: values.email.trim(), name: values.name.trim() });
      onClose();
    }, { focusRefused: true });
  }

  const set = (name, id) => (e) => {
    setValues({ ...values, [name]: e.currentTarget.value });
    clear(id);
  };
  return html`<${Dialog} id="invite-dialog" class="modal" labelledBy="invite-title" open=${open} onClose=${onClose}>
    <form id="invite-form" class="form" method="dialog" novalidate onSubmit=${submit}>
      <h2 id="invite-title">Invite to ${clinicName}</h2>
      <p class="muted">They get an email with a link to choose a password. Until then they show as invited.</p>
      <${FormAlert} id="invite-alert" lines=${general} />
      <${Field} id="inviteEmail" label="Email" errors=${errs('inviteEmail')} dataField="email">
        <input id="inviteEmail" name="email" type="email" spellcheck="false" autocomplete="off" ref=${first} value=${values.email} onInput=${set('email', 'inviteEmail')} ...${fieldAria('inviteEmail', errs('inviteEmail'), [])} />
      <//>
      <${Field} id="inviteName" label="Name" hint="How the desk and the audit log show them." errors=${errs('inviteName')} dataField="name">
        <input id="inviteName" name="name" type="text" autocomplete="off" maxlength="100" value=${values.name} onInput=${set('name', 'inviteName')} ...${fieldAria('inviteName', errs('inviteName'))} />
      <//>
      <${Field} id="inviteRole" label="Role" hint="Staff enrol clients and act on them; owners also run the clinic's settings, staff and keys." errors=${errs('inviteRole')} dataField="role">
        <select id="inviteRole" name="role" value=${values.role} onChange=${set('role', 'inviteRole')} ...${fieldAria('inviteRole', errs('inviteRole'))}>
          <option value="staff">${roleLabel('staff')}</option>
          <option value="owner">${roleLabel('owner')}</option>
        </select>
      <//>
      <div class="form-actions form-actions-end">
        <button type="button" class="btn btn-quiet" id="invite-back" onClick=${onClose}>Close</button>
        <button type="submit" class="btn btn-primary" id="invite-submit" disabled=${busy}>${busy ? 'Inviting…' : 'Send invitation'}</button>
      </div>
    </form>
  <//>`;
}
