/** One person of the clinic: name, email, role (changeable), whether they have accepted, and removal. */
import { useState } from 'preact/hooks';
import { html, classes } from '../lib/html.js';
import { api, ApiError, clinicPath } from '../api.js';
import { roleLabel } from '../state/session.js';
import { toast } from '../state/toast.js';
import { Badge } from './badge.js';

function status(person) {
  if (person.active === false) return html`<${Badge} tone="neutral">Removed<//>`;
  if (person.invited) return html`<${Badge} tone="warning">Invited<//>`;
  return html`<${Badge} tone="success">Active<//>`;
}

export function StaffRow({ person, clinicId, isMe, onChanged, onRemove }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const removed = person.active === false;
  const who = person.name || person.email;

  async function changeRole(role) {
    if (role === person.role) return;
    setError('');
    setBusy(true);
    try {
      await api('PATCH', clinicPath(clinicId, `/staff/${encodeURIComponent(person.id)}`), { role });
      toast(`${who} is now ${roleLabel(role).toLowerCase()}.`);
      await onChanged();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setError(err.error === 'last_owner' ? `${who} is the clinic's last owner: make someone else owner first.` : err.message);
    } finally {
      setBusy(false);
    }
  }

  const roleId = `role-${person.id}`;
  return html`<tr class=${classes(removed && 'is-inactive')} data-person-id=${person.id} data-email=${person.email}>
    <td class="cell-person">
      <span class="person-name">${person.name || '—'}${isMe && html` <span class="muted">(you)</span>`}</span>
      <span class="person-email muted">${person.email}</span>
    </td>
    <td class="cell-role" data-label="Role">
      <label class="visually-hidden" for=${roleId}>Role of ${who}</label>
      <select id=${roleId} class="role-select" value=${person.role} disabled=${busy || removed || isMe} onChange=${(e) => void changeRole(e.currentTarget.value)} aria-describedby=${error ? `${roleId}-error` : undefined} aria-invalid=${error ? 'true' : undefined}>
        <option value="staff">${roleLabel('staff')}</option>
        <option value="owner">${roleLabel('owner')}</option>
      </select>
      <p class="field-error" id=${`${roleId}-error`} hidden=${!error}>${error}</p>
    </td>
    <td class="cell-status" data-label="Status">${status(person)}</td>
    <td class="cell-actions">
      ${!removed && !isMe && html`<button type="button" class="btn btn-danger-outline btn-small" data-action="remove" aria-label=${`Remove ${who}`} onClick=${() => onRemove(person)}>Remove…</button>`}
    </td>
  </tr>`;
}
