/** The clinic's API keys: create one (shown once), see when each was last used, revoke one. */
import { useState } from 'preact/hooks';
import { html, classes } from '../lib/html.js';
import { api, clinicPath } from '../api.js';
import { useClinic } from '../state/clinics.js';
import { toast } from '../state/toast.js';
import { useList } from '../state/use-list.js';
import { browserZone } from '../time.js';
import { Badge } from './badge.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { KeyCreateDialog } from './key-create-dialog.js';
import { ListCard } from './list-card.js';
import { When } from './when.js';

const at = (iso) => (iso ? html`<${When} iso=${iso} zone=${browserZone} withZone=${false} />` : html`<span class="muted">Never</span>`);

function KeyRow({ apiKey, onRevoke }) {
  const revoked = Boolean(apiKey.revokedAt);
  return html`<tr class=${classes(revoked && 'is-inactive')} data-key-id=${apiKey.id}>
    <td class="cell-key"><span class="key-name">${apiKey.name}</span><span class="muted key-id">${apiKey.id}</span></td>
    <td data-label="Created">${at(apiKey.createdAt)}</td>
    <td data-label="Last used" class="cell-last-used">${at(apiKey.lastUsedAt)}</td>
    <td data-label="Status" class="cell-status">${revoked ? html`<${Badge} tone="neutral">Revoked<//>` : html`<${Badge} tone="success">Active<//>`}</td>
    <td class="cell-actions">
      ${!revoked && html`<button type="button" class="btn btn-danger-outline btn-small" data-action="revoke" aria-label=${`Revoke ${apiKey.name}`} onClick=${() => onRevoke(apiKey)}>Revoke…</button>`}
    </td>
  </tr>`;
}

export function KeysCard() {
  const { id: clinicId, name } = useClinic();
  const { rows, error, loading, reload } = useList(clinicId ? clinicPath(clinicId, '/keys') : '');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState(null);
  const keys = rows || [];
  const title = name || clinicId;

  const revoke = async () => {
    await api('DELETE', clinicPath(clinicId, `/keys/${encodeURIComponent(revoking.id)}`));
    toast(`${revoking.name} revoked. It no longer works.`);
    void reload();
  };

  return html`<${ListCard}
    id="keys"
    title=${title ? `API keys · ${title}` : 'API keys'}
    lead="For the clinic's own systems (a booking system, a script). Each key acts as staff of this clinic only."
    actions=${html`<button type="button" class="btn btn-primary" id="keys-create" disabled=${!clinicId} onClick=${() => setCreating(true)}>New key</button>`}
    loading=${loading}
    onRefresh=${reload}
    error=${error}
    head=${html`<th scope="col">Key</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th>`}
    count=${keys.length}
    loaded=${Boolean(rows)}
    emptyText="No keys yet."
    rows=${keys.map((k) => html`<${KeyRow} key=${k.id} apiKey=${k} onRevoke=${setRevoking} />`)}
  >
    <${KeyCreateDialog} open=${creating} clinicId=${clinicId} onCreated=${reload} onClose=${() => setCreating(false)} />
    <${ConfirmDialog}
      id="revoke-key"
      open=${Boolean(revoking)}
      title=${revoking ? `Revoke ${revoking.name}?` : ''}
      keepLabel="Keep it"
      confirmLabel="Revoke key"
      busyLabel="Revoking…"
      onConfirm=${revoke}
      onClose=${() => setRevoking(null)}
    >
      <p>Whatever uses this key is refused from now on. This cannot be undone: a new key has to be made and set up instead.</p>
    <//>
  <//>`;
}
