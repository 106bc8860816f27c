/** The clinic's people (owners and administrators): invite by email, change a role, remove someone. */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, clinicPath } from '../api.js';
import { useClinic } from '../state/clinics.js';
import { useSession } from '../state/session.js';
import { toast } from '../state/toast.js';
import { useList } from '../state/use-list.js';
import { RefreshIcon } from './icons.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { InviteDialog } from './invite-dialog.js';
import { StaffRow } from './staff-row.js';

export function StaffCard() {
  const { id: clinicId, name } = useClinic();
  const { me } = useSession();
  const { rows, error, loading, reload } = useList(clinicId ? clinicPath(clinicId, '/staff') : '');
  const [inviting, setInviting] = useState(false);
  const [removing, setRemoving] = useState(null);
  const people = rows || [];
  const title = name || clinicId;

  const invited = (person) => {
    toast(`Invitation sent to ${person.email}.`);
    void reload();
  };
  const remove = async () => {
    await api('DELETE', clinicPath(clinicId, `/staff/${encodeURIComponent(removing.id)}`));
    toast(`${removing.name || removing.email} can no longer sign in.`);
    void reload();
  };

  return html`<section class="card admin-card" id="staff" aria-labelledby="staff-title">
    <div class="card-head card-head-row">
      <div>
        <h2 id="staff-title">${title ? `Staff · ${title}` : 'Staff'}</h2>
        <p class="card-lead">Who signs in to this clinic's desk. Staff enrol clients and act on them; owners also manage settings, staff and API keys.</p>
      </div>
      <div class="toolbar">
        <button type="button" id="staff-refresh" class=${loading ? 'btn btn-secondary is-busy' : 'btn btn-secondary'} onClick=${() => void reload()}>
          <${RefreshIcon} /><span>Refresh</span>
        </button>
        <button type="button" class="btn btn-primary" id="staff-invite" disabled=${!clinicId} onClick=${() => setInviting(true)}>Invite someone</button>
      </div>
    </div>
    <div id="staff-alert" class="alert alert-warning" role="status" hidden=${!error}>${error && html`<p>${error}</p>`}</div>
    <div class="table-wrap">
      <table class="admin-table card-table" id="staff-table" hidden=${!people.length}>
        <thead><tr><th scope="col">Person</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody id="staff-body">
          ${people.map((p) => html`<${StaffRow} key=${p.id} person=${p} clinicId=${clinicId} isMe=${Boolean(me && me.id === p.id)} onChanged=${reload} onRemove=${setRemoving} />`)}
        </tbody>
      </table>
    </div>
    <p class="empty" id="staff-empty" hidden=${people.length > 0}>${rows ? 'Nobody yet: invite the first person.' : error ? '' : 'Loading…'}</p>
    <${InviteDialog} open=${inviting} clinicId=${clinicId} clinicName=${title} onInvited=${invited} onClose=${() => setInviting(false)} />
    <${ConfirmDialog}
      id="remove-person"
      open=${Boolean(removing)}
      title=${removing ? `Remove ${removing.name || removing.email}?` : ''}
      keepLabel="Keep them"
      confirmLabel="Remove"
      busyLabel="Removing…"
      onConfirm=${remove}
      onClose=${() => setRemoving(null)}
    >
      <p>They are signed out at once and can no longer sign in. What they did stays in the audit log. To let them back, invite them again.</p>
    <//>
  </section>`;
}
