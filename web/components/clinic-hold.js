/**
 * Pause or resume every client of the clinic at once (owners and administrators), after a
 * confirmation with an optional reason: for a wrong template, a closure, an incident.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, clinicPath } from '../api.js';
import { refreshClients } from '../state/clients.js';
import { refreshTimeline } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { ReasonDialog } from './reason-dialog.js';

const clientsText = (n) => `${n} ${n === 1 ? 'client' : 'clients'}`;

export function ClinicHold({ clinicId, clinicName }) {
  const [asking, setAsking] = useState('');
  const name = clinicName || clinicId;

  const hold = (kind) => async (reason) => {
    const res = await api('POST', clinicPath(clinicId, `/${kind}`), reason ? { reason } : {});
    const n = res && Array.isArray(res.workflowIds) ? res.workflowIds.length : 0;
    toast(`${kind === 'pause' ? 'Paused' : 'Resumed'} messages to ${clientsText(n)} of ${name}.`);
    void refreshClients();
    void refreshTimeline();
  };

  return html`<div class="clinic-hold">
    <button type="button" class="btn btn-secondary btn-small" id="clinic-pause" disabled=${!clinicId} onClick=${() => setAsking('pause')}>Pause clinic…</button>
    <button type="button" class="btn btn-secondary btn-small" id="clinic-resume" disabled=${!clinicId} onClick=${() => setAsking('resume')}>Resume clinic…</button>
    <${ReasonDialog}
      id="clinic-pause-dialog"
      open=${asking === 'pause'}
      title=${`Pause every client of ${name}?`}
      hint='Kept with each client, e.g. "template under review".'
      keepLabel="Keep sending"
      confirmLabel="Pause all messages"
      busyLabel="Pausing…"
      danger
      onConfirm=${hold('pause')}
      onClose=${() => setAsking('')}
    >
      <p>No aftercare message goes to any client of ${name} until the clinic is resumed. A message whose day passes meanwhile is skipped, not sent late.</p>
    <//>
    <${ReasonDialog}
      id="clinic-resume-dialog"
      open=${asking === 'resume'}
      title=${`Resume every client of ${name}?`}
      keepLabel="Leave them paused"
      confirmLabel="Resume all messages"
      busyLabel="Resuming…"
      onConfirm=${hold('resume')}
      onClose=${() => setAsking('')}
    >
      <p>Messages to the paused clients of ${name} go out again, from the next one due.</p>
    <//>
  </div>`;
}
