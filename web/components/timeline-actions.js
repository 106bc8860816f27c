/**
 * Holding a client's messages (pause, resume) and sending one again (resend). A pause asks first:
 * a step whose day passes while paused is skipped, not sent late.
 */
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, enrollmentPath } from '../api.js';
import { useSubmit } from '../form-submit.js';
import { refreshClients } from '../state/clients.js';
import { refreshTimeline } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { FormAlert } from './form-alert.js';
import { ReasonDialog } from './reason-dialog.js';
import { ResendDialog } from './resend-dialog.js';
import { When } from './when.js';

export function TimelineActions({ workflowId, status, zone, stepLabel }) {
  const [dialog, setDialog] = useState('');
  // Resume is one button: what the server refuses shows above the actions.
  const { busy, general, attempt } = useSubmit({});
  const paused = status.paused || null;
  const who = status.clientRef || workflowId;

  const pause = async (reason) => {
    await api('POST', enrollmentPath(workflowId, '/pause'), reason ? { reason } : {});
    toast(`Messages to ${who} are paused.`);
    void refreshTimeline();
    void refreshClients();
  };

  const resume = () =>
    attempt(async () => {
      await api('POST', enrollmentPath(workflowId, '/resume'), {});
      toast(`Messages to ${who} are going out again.`);
      await refreshTimeline();
      void refreshClients();
    });

  return html`<section class="tl-section" id="tl-actions" aria-labelledby="tl-actions-title">
    <h3 id="tl-actions-title">Hold or resend</h3>
    ${paused &&
    html`<p class="paused-note" id="tl-paused">
      <strong>Paused</strong> since <${When} iso=${paused.since} zone=${zone} />${paused.reason && html`<span class="muted"> · ${paused.reason}</span>`}
    </p>`}
    <${FormAlert} id="tl-actions-alert" lines=${general} />
    <div class="action-row">
      ${paused
        ? html`<button type="button" class="btn btn-primary" id="resume-client" disabled=${busy} onClick=${() => void resume()}>${busy ? 'Resuming…' : 'Resume messages'}</button>`
        : html`<button type="button" class="btn btn-secondary" id="pause-client" onClick=${() => setDialog('pause')}>Pause messages…</button>`}
      <button type="button" class="btn btn-secondary" id="resend-open" onClick=${() => setDialog('resend')}>Resend a message…</button>
    </div>
    <${ReasonDialog}
      id="pause-dialog"
      open=${dialog === 'pause'}
      title=${`Pause messages to ${who}?`}
      hint='Kept with the workflow, e.g. "client travelling".'
      keepLabel="Keep sending"
      confirmLabel="Pause messages"
      busyLabel="Pausing…"
      onConfirm=${pause}
      onClose=${() => setDialog('')}
    >
      <p>No message goes to this client until you resume. A message whose day passes meanwhile is skipped, not sent late.</p>
    <//>
    <${ResendDialog} open=${dialog === 'resend'} workflowId=${workflowId} status=${status} stepLabel=${stepLabel} onClose=${() => setDialog('')} />
  </section>`;
}
