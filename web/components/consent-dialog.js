/**
 * A consent the client gives after enrolment (they refused texts at the desk, and now ask for
 * them): staff read the statement, and it is recorded with its words and the time, which turns
 * that channel on. What the server refuses (no phone for texts, say) shows beside its field.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, enrollmentPath } from '../api.js';
import { consentTexts } from '../enrollment.js';
import { channelLabel } from '../labels.js';
import { useSubmit } from '../form-submit.js';
import { refreshTimeline, showStatus } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { Dialog } from './dialog.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

const FIELDS = { consentChannel: ['channel'], consentText: ['text', 'at'] };

export function ConsentDialog({ open, workflowId, status, clinicName, onClose }) {
  const channels = Object.keys((status && status.channels) || {});
  const firstOff = channels.find((c) => status.channels[c] !== 'active') || channels[0] || 'sms';
  const [channel, setChannel] = useState(firstOff);
  const { busy, general, setErrors, attempt, errs, reset } = useSubmit(FIELDS);
  const first = useRef(null);
  const text = consentTexts(clinicName)[channel] || '';

  useEffect(() => {
    if (!open) return;
    setChannel(firstOff);
    reset();
    first.current.focus();
  }, [open]);

  async function submit(event) {
    event.preventDefault();
    await attempt(async () => {
      const res = await api('POST', enrollmentPath(workflowId, '/consent'), { channel, text, at: new Date().toISOString() });
      if (res && res.phase) showStatus(workflowId, res);
      toast(`Consent recorded: ${channelLabel(channel)} is on for this client.`);
      onClose();
      void refreshTimeline();
    });
  }

  return html`<${Dialog} id="consent-dialog" class="modal" labelledBy="consent-title" open=${open} onClose=${onClose}>
    <form id="consent-form" class="form" method="dialog" novalidate onSubmit=${submit}>
      <h2 id="consent-title">Record a consent</h2>
      <${FormAlert} id="consent-alert" lines=${general} />
      <${Field} id="consentChannel" label="Channel" errors=${errs('consentChannel')} dataField="channel">
        <select id="consentChannel" name="channel" ref=${first} value=${channel} onChange=${(e) => (setChannel(e.currentTarget.value), setErrors({}))} ...${fieldAria('consentChannel', errs('consentChannel'), [])}>
          ${channels.map((c) => html`<option value=${c}>${channelLabel(c)}</option>`)}
        </select>
      <//>
      <${Field} id="consentText" label="Read this to the client" hint="Recorded with these words and the time now, only if they agree." errors=${errs('consentText')} dataField="text">
        <blockquote class="consent-statement" id="consentText" tabindex="-1">${text}</blockquote>
      <//>
      <div class="form-actions form-actions-end">
        <button type="button" class="btn btn-quiet" id="consent-back" onClick=${onClose}>Close</button>
        <button type="submit" class="btn btn-primary" id="consent-submit" disabled=${busy}>${busy ? 'Recording…' : 'The client agrees'}</button>
      </div>
    </form>
  <//>`;
}
