/**
 * A confirmation with an optional reason, kept with the change (pausing one client or a whole
 * clinic; a note on a handled concern: `name` is the body's field, `label` its words). What the
 * server refuses about it shows under it; anything else above.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useSubmit } from '../form-submit.js';
import { Dialog } from './dialog.js';
import { Field, fieldAria } from './field.js';
import { FormAlert } from './form-alert.js';

export function ReasonDialog({ id, open, title, children, hint, keepLabel, confirmLabel, busyLabel, danger = false, name = 'reason', label = 'Reason (optional)', maxLength = 200, onConfirm, onClose }) {
  const [reason, setReason] = useState('');
  const fieldId = `${id}-${name}`;
  const { busy, general, attempt, errs, clear, reset } = useSubmit({ [fieldId]: [name] });
  const keep = useRef(null);

  useEffect(() => {
    if (!open) return;
    setReason('');
    reset();
    keep.current.focus();
  }, [open]);

  async function submit(event) {
    event.preventDefault();
    await attempt(async () => {
      await onConfirm(reason.trim() || undefined);
      onClose();
    });
  }

  return html`<${Dialog} id=${id} class="modal" labelledBy=${`${id}-title`} open=${open} onClose=${onClose}>
    <form class="form" method="dialog" novalidate onSubmit=${submit}>
      <h2 id=${`${id}-title`}>${title}</h2>
      <div class="confirm-what" id=${`${id}-what`}>${children}</div>
      <${FormAlert} id=${`${id}-alert`} lines=${general} />
      <${Field} id=${fieldId} label=${label} hint=${hint} errors=${errs(fieldId)} dataField=${name}>
        <input id=${fieldId} name=${name} type="text" maxlength=${maxLength} autocomplete="off" value=${reason} onInput=${(e) => (setReason(e.currentTarget.value), clear(fieldId))} ...${fieldAria(fieldId, errs(fieldId))} />
      <//>
      <div class="form-actions form-actions-end">
        <button type="button" class="btn btn-quiet" id=${`${id}-back`} ref=${keep} onClick=${onClose}>${keepLabel}</button>
        <button type="submit" class=${danger ? 'btn btn-danger' : 'btn btn-primary'} id=${`${id}-confirm`} disabled=${busy}>${busy ? busyLabel : confirmLabel}</button>
      </div>
    </form>
  <//>`;
}
