/**
 * An open concern on the client's timeline: the client reported what may be a complication, the
 * clinic was alerted, and booking prompts are held until staff mark it handled here.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, enrollmentPath } from '../api.js';
import { refreshClients } from '../state/clients.js';
import { refreshInbox } from '../state/inbox.js';
import { refreshTimeline, showStatus } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { ReasonDialog } from './reason-dialog.js';
import { When } from './when.js';

/** The longest note the server takes (app/concern.ts, CONCERN_NOTE_MAX). */
const NOTE_MAX = 1000;

export function ConcernBanner({ workflowId, status, zone }) {
  const [asking, setAsking] = useState(false);
  const concern = status.concern;
  if (!concern) return null;
  const who = status.clientRef || workflowId;
  const words = Array.isArray(concern.matched) && concern.matched.length ? concern.matched.join(', ') : 'see their texts below';

  const handled = async (note) => {
    const res = await api('POST', enrollmentPath(workflowId, '/concern/handled'), note ? { note } : {});
    if (res && res.phase) showStatus(workflowId, res);
    toast(`Concern about ${who} marked handled. Booking prompts go on.`);
    void refreshTimeline();
    void refreshClients();
    void refreshInbox();
  };

  return html`<div class="concern-banner" id="tl-concern" role="alert">
    <p>
      <strong>Possible complication reported <${When} iso=${concern.openedAt} zone=${zone} />:</strong>
      <span id="tl-concern-words"> ${words}</span>
    </p>
    <p class="concern-note">The clinic was alerted. Booking prompts are held until someone marks this handled.</p>
    <div class="action-row">
      <button type="button" class="btn btn-primary" id="concern-handled-open" onClick=${() => setAsking(true)}>Mark handled…</button>
    </div>
    <${ReasonDialog}
      id="concern-dialog"
      open=${asking}
      title=${`Mark the concern about ${who} handled?`}
      name="note"
      label="Note (optional)"
      hint='E.g. "called the client back, healing as expected". Kept with the workflow; the audit log records only that there was a note.'
      maxLength=${NOTE_MAX}
      keepLabel="Not yet"
      confirmLabel="Mark handled"
      busyLabel="Saving…"
      onConfirm=${handled}
      onClose=${() => setAsking(false)}
    >
      <p>Held booking prompts go out again at the next sending window, unless a booking was recorded meanwhile.</p>
    <//>
  </div>`;
}
