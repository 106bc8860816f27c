/** Send one of the client's earlier messages again: which one, by which channel, and why. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, enrollmentPath } from '../api.js';
import { channelLabel } from '../labels.js';
import { useSubmit } from '../form-submit.js';
import { refreshTimeline, showStatus } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { Dialog } from './dialog.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

const FIELDS = { resendStep: ['step'], resendChannel: ['channel'], resendReason: ['reason'] };

/** The client steps that have gone out, newest first (what can be resent). */
function resendable(status) {
  const seen = new Set();
  const ids = [];
  for (const record of [...(status.sent || [])].reverse()) {
    if (record.channel === 'clinic-email' || seen.has(record.id)) continue;
    seen.add(record.id);
    ids.push(record.id);
  }
  return ids;
}

export function ResendDialog({ open, workflowId, status, stepLabel, onClose }) {
  const steps = status ? resendable(status) : [];
  const channels = status ? Object.keys(status.channels || {}).filter((c) => status.channels[c] === 'active') : [];
  const [values, setValues] = useState({ step: '', channel: '', reason: '' });
  const { busy, general, attempt, errs, clear, reset } = useSubmit(FIELDS);
  const first = useRef(null);

  useEffect(() => {
    if (!open) return;
    setValues({ step: steps[0] || '', channel: '', reason: '' });
    reset();
    first.current.focus();
  }, [open]);

  async function submit(event) {
    event.preventDefault();
    await attempt(async () => {
      const body = { step: values.step, ...(values.channel ? { channel: values.channel } : {}), ...(values.reason.trim() ? { reason: values.reason.trim() } : {}) };
      const res = await api('POST', enrollmentPath(workflowId, '/resend'), body);
      if (res && res.phase) showStatus(workflowId, res);
      toast(`${stepLabel(values.step)} will go out again ${values.channel ? `by ${channelLabel(values.channel)}` : 'by every active channel'}, now or when the sending window next opens.`);
      onClose();
      void refreshTimeline();
    });
  }

  const set = (name, id) => (e) => {
    setValues({ ...values, [name]: e.currentTarget.value });
    clear(id);
  };
  return html`<${Dialog} id="resend-dialog" class="modal" labelledBy="resend-title" open=${open} onClose=${onClose}>
    <form id="resend-form" class="form" method="dialog" novalidate onSubmit=${submit}>
      <h2 id="resend-title">Resend a message</h2>
      <p class="muted">It goes out now, or when the client's sending window next opens.</p>
      <${FormAlert} id="resend-alert" lines=${general} />
      <${Field} id="resendStep" label="Message" hint="Only messages that have already gone to the client." errors=${errs('resendStep')} dataField="step">
        <select id="resendStep" name="step" ref=${first} value=${values.step} onChange=${set('step', 'resendStep')} ...${fieldAria('resendStep', errs('resendStep'))}>
          ${steps.length ? steps.map((id) => html`<option value=${id}>${stepLabel(id)}</option>`) : html`<option value="">Nothing sent yet</option>`}
        </select>
      <//>
      <${Field} id="resendChannel" label="Channel" errors=${errs('resendChannel')} dataField="channel">
        <select id="resendChannel" name="channel" value=${values.channel} onChange=${set('channel', 'resendChannel')} ...${fieldAria('resendChannel', errs('resendChannel'), [])}>
          <option value="">Every active channel</option>
          ${channels.map((c) => html`<option value=${c}>${channelLabel(c)} only</option>`)}
        </select>
      <//>
      <${Field} id="resendReason" label="Reason (optional)" hint='Kept with the workflow, e.g. "client lost the text".' errors=${errs('resendReason')} dataField="reason">
        <input id="resendReason" name="reason" type="text" maxlength="200" autocomplete="off" value=${values.reason} onInput=${set('reason', 'resendReason')} ...${fieldAria('resendReason', errs('resendReason'))} />
      <//>
      <div class="form-actions form-actions-end">
        <button type="button" class="btn btn-quiet" id="resend-back" onClick=${onClose}>Close</button>
        <button type="submit" class="btn btn-primary" id="resend-submit" disabled=${busy || !steps.length}>${busy ? 'Sending…' : 'Resend'}</button>
      </div>
    </form>
  <//>`;
}
