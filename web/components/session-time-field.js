/**
 * When the session ended, on the client's clock: a date-time field, a "Now" button, and the exact
 * time the page will send (with the zone's offset), so staff see how it was read.
 */
import { html } from '../lib/html.js';
import { labelOf } from '../enrollment.js';
import { formatWhen, wallTimeToIso } from '../time.js';
import { Field, fieldAria } from './field.js';

function ReadAs({ wall, zone }) {
  const resolved = wallTimeToIso(wall, zone);
  let text = '';
  if (resolved) {
    text = `${formatWhen(resolved.iso, zone)} · sent as ${resolved.iso}`;
    if (resolved.gap) text += ' (that clock time does not exist there: the clocks change)';
    if (resolved.ms > Date.now() + 10 * 60_000) text += ' · this is in the future';
  }
  return html`<p class="hint hint-strong" id="performedAt-resolved" aria-live="polite">${text}</p>`;
}

export function SessionTimeField({ value, zone, errors, onInput, onNow }) {
  return html`<${Field}
    id="performedAt"
    label=${labelOf('performedAt')}
    hint="When the session ended, on the client's clock (the zone above)."
    note=${html`<${ReadAs} wall=${value} zone=${zone} />`}
    errors=${errors}
    dataField="performedAt"
  >
    <div class="input-with-button">
      <input
        id="performedAt"
        name="performedAt"
        type="datetime-local"
        step="60"
        value=${value}
        onInput=${(e) => onInput(e.currentTarget.value)}
        ...${fieldAria('performedAt', errors, ['performedAt-hint', 'performedAt-resolved'])}
      />
      <button type="button" id="performedAt-now" class="btn btn-secondary btn-small" onClick=${onNow}>Now</button>
    </div>
  <//>`;
}
