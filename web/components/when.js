/** A time on a given clock, with the exact ISO value in a tooltip. */
import { html } from '../lib/html.js';
import { formatWhen } from '../time.js';

export function When({ iso, zone, withZone = true }) {
  return html`<time datetime=${iso} title=${zone ? `${iso} (${zone})` : iso}>${formatWhen(iso, zone, { withZone })}</time>`;
}
