/** Stop a client's aftercare: a confirmation that needs a short reason. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { api, enrollmentPath } from '../api.js';
import { useSubmit } from '../form-submit.js';
import { refreshClients } from '../state/clients.js';
import { refreshTimeline } from '../state/timeline.js';
import { toast } from '../state/toast.js';
import { Dialog } from './dialog.js';
import { Field, fieldAria } from './field.js';

const FIELDS = { cancelReason: ['reason'] };

export function CancelDialog({ open, workflowId, status, onClose }) {
  const [reason, setReason] = useState('');
  const { busy, general, setErrors, attempt, errs, reset } = useSubmit(FIELDS);
  // The dialog has room for messages under its one field only: the rest of a refusal goes there too.
  const errors = [...errs('cancelReason'), ...general];
  const input = useRef(null);

  useEffect(() => {
    if (!open) return;
    setReason('');
    reset();
    input.current.focus();
  }, [open]);

  async function submit(event) {
    event.preventDefault();
    if (busy) return;
    const why = reason.trim();
    if (!why) {
      setErrors({ cancelReason: ['Give a short reason, e.g. "client asked to stop".'] });
      input.current.focus();
      return;
    }
    await attempt(async () => {
      await api('POST', enrollmentPath(workflowId, '/cancel'), { reason: why });
      onClose();
      toast('Aftercare cancelled. No further messages will be sent.');
      await refreshTimeline();
      void refreshClients();
    });
  }

  const who = status && status.clientRef ? status.clientRef : workflowId;
  const session = status && status.sessionNumber ? `, session ${status.sessionNumber}` : '';
  return html`<${Dialog} id="cancel-dialog" class="modal" labelledBy="cancel-title" open=${open} onClose=${onClose}>
    <form id="cancel-form" method="dialog" class="form" novalidate onSubmit=${submit}>
      <h2 id="cancel-title">Cancel aftercare?</h2>
      <p id="cancel-what">
        Every remaining aftercare message for ${who}${session} will be dropped. This cannot be undone; to restart, enroll the session again under a new session
        number.
      </p>
      <${Field} id="cancelReason" label="Reason" hint='Kept with the workflow, e.g. "client asked to stop". No health details.' errors=${errors} dataField="reason">
        <textarea
          id="cancelReason"
          name="reason"
          rows="3"
          maxlength="200"
          ref=${input}
          value=${reason}
          onInput=${(e) => {
            setReason(e.currentTarget.value);
            reset();
          }}
          ...${fieldAria('cancelReason', errors)}
        ></textarea>
      <//>
      <div class="form-actions form-actions-end">
        <button type="button" class="btn btn-quiet" id="cancel-back" value="back" onClick=${onClose}>Keep sending</button>
        <button type="submit" class="btn btn-danger" id="cancel-confirm" value="confirm" disabled=${busy}>${busy ? 'Cancelling…' : 'Cancel aftercare'}</button>
      </div>
    </form>
  <//>`;
}
