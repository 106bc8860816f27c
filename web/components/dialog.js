/**
 * A native <dialog> shown as a modal while `open` is true. Escape and the close button go through
 * `onClose`; `onCancel` can refuse the Escape key (the key prompt does while there is no key).
 */
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../lib/html.js';

export function Dialog({ id, class: className, labelledBy, open, onClose, onCancel, closeOnBackdrop = false, children }) {
  const ref = useRef(null);
  useEffect(() => {
    const dialog = ref.current;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const onClick = (event) => {
    // A click on the backdrop (outside the dialog's box) closes it.
    const dialog = ref.current;
    if (!closeOnBackdrop || event.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    if (event.clientX < r.left || event.clientX > r.right || event.clientY < r.top || event.clientY > r.bottom) dialog.close();
  };

  return html`<dialog id=${id} class=${className} ref=${ref} aria-labelledby=${labelledBy} onClose=${onClose} onCancel=${onCancel} onClick=${onClick}>
    ${children}
  </dialog>`;
}
