/** The toast: a popover, so it shows above an open dialog too; gone after a few seconds. */
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../lib/html.js';
import { toastMessage } from '../state/toast.js';
import { useStore } from '../state/store.js';

const SHOWN_MS = 4500;

export function Toast() {
  const { text, at } = useStore(toastMessage);
  const ref = useRef(null);
  useEffect(() => {
    const el = ref.current;
    if (!text) return undefined;
    // A browser without popovers shows it as a plain fixed box.
    const popover = typeof el.showPopover === 'function';
    if (popover && el.matches(':popover-open')) el.hidePopover();
    if (popover) el.showPopover();
    else el.hidden = false;
    const timer = setTimeout(() => (popover ? el.hidePopover() : (el.hidden = true)), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [at]);
  return html`<div id="toast" class="toast" role="status" aria-live="polite" popover="manual" ref=${ref}>${text}</div>`;
}
