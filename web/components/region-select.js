/** Where the client lives, for the texting rules there: "from the phone number" unless staff know better. */
import { html } from '../lib/html.js';
import { FROM_PHONE, REGION_GROUPS } from '../regions.js';

export function RegionSelect({ id, value, onChange, ...rest }) {
  return html`<select id=${id} name=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)} ...${rest}>
    <option value=${FROM_PHONE}>From the phone number</option>
    ${REGION_GROUPS.map(
      (group) => html`<optgroup label=${group.label}>${group.regions.map(([code, name]) => html`<option value=${code}>${name} (${code})</option>`)}</optgroup>`,
    )}
  </select>`;
}
