/**
 * "Are you sure?" for what is hard to undo: the safe choice has the focus (Enter alone changes
 * nothing), and what the server refuses shows in the dialog. `onConfirm` throws an ApiError to refuse.
 */
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../lib/html.js';
import { useSubmit } from '../form-submit.js';
import { Dialog } from './dialog.js';
import { FormAlert } from './form-alert.js';

export function ConfirmDialog({ id, open, title, children, keepLabel, confirmLabel, busyLabel = 'Saving…', danger = true, onConfirm, onClose }) {
  // No fields: whatever the server refuses shows above the buttons.
  const { busy, general, attempt, reset } = useSubmit({});
  const keep = useRef(null);

  useEffect(() => {
    if (!open) return;
    reset();
    keep.current.focus();
  }, [open]);

  async function confirm(event) {
    event.preventDefault();
    await attempt(async () => {
      await onConfirm();
      onClose();
    });
  }

  return html`<${Dialog} id=${id} class="modal" labelledBy=${`${id}-title`} open=${open} onClose=${onClose}>
    <form class="form" method="dialog" novalidate onSubmit=${confirm}>
      <h2 id=${`${id}-title`}>${title}</h2>
      <div id=${`${id}-what`} class="confirm-what">${children}</div>
      <${FormAlert} id=${`${id}-alert`} lines=${general} />
      <div class="form-actions form-actions-end">
        <button type="button" class="btn btn-quiet" id=${`${id}-back`} ref=${keep} onClick=${onClose}>${keepLabel}</button>
        <button type="submit" class=${danger ? 'btn btn-danger' : 'btn btn-primary'} id=${`${id}-confirm`} disabled=${busy}>${busy ? busyLabel : confirmLabel}</button>
      </div>
    </form>
  <//>`;
}
