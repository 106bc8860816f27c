/** The clinic's people (owners and administrators): invite by email, change a role, remove someone. */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, clinicPath } from '../api.js';
import { useClinic } from '../state/clinics.js';
import { useSession } from '../state/session.js';
import { toast } from '../state/toast.js';
import { useList } from '../state/use-list.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { InviteDialog } from './invite-dialog.js';
import { ListCard } from './list-card.js';
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

  return html`<${ListCard}
    id="staff"
    title=${title ? `Staff · ${title}` : 'Staff'}
    lead="Who signs in to this clinic's desk. Staff enrol clients and act on them; owners also manage settings, staff and API keys."
    actions=${html`<button type="button" class="btn btn-primary" id="staff-invite" disabled=${!clinicId} onClick=${() => setInviting(true)}>Invite someone</button>`}
    loading=${loading}
    onRefresh=${reload}
    error=${error}
    head=${html`<th scope="col">Person</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th>`}
    count=${people.length}
    loaded=${Boolean(rows)}
    emptyText="Nobody yet: invite the first person."
    rows=${people.map((p) => html`<${StaffRow} key=${p.id} person=${p} clinicId=${clinicId} isMe=${Boolean(me && me.id === p.id)} onChanged=${reload} onRemove=${setRemoving} />`)}
  >
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
  <//>`;
}
