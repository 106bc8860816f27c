/** A time-zone picker: zones grouped by region, each with its offset now ("Chicago (UTC−06:00)"). */
import { html } from '../lib/html.js';
import { zoneList, zoneOffsetLabel } from '../time.js';

let groups = null;

/** Built once: several hundred zones, each formatted. */
function zoneGroups() {
  if (groups) return groups;
  const byRegion = new Map();
  for (const zone of zoneList()) {
    const slash = zone.indexOf('/');
    const region = slash < 0 ? 'Universal' : zone.slice(0, slash);
    const place = slash < 0 ? zone : zone.slice(slash + 1).replaceAll('_', ' ').replaceAll('/', ' / ');
    if (!byRegion.has(region)) byRegion.set(region, []);
    byRegion.get(region).push({ zone, text: `${place} (${zoneOffsetLabel(zone)})` });
  }
  groups = [...byRegion.entries()].sort(([a], [b]) => a.localeCompare(b));
  return groups;
}

export function ZoneSelect({ id, value, onChange, ...rest }) {
  return html`<select id=${id} name=${id} value=${value} onChange=${(e) => onChange(e.currentTarget.value)} ...${rest}>
    ${zoneGroups().map(
      ([region, zones]) => html`<optgroup label=${region}>${zones.map((z) => html`<option value=${z.zone} title=${z.zone}>${z.text}</option>`)}</optgroup>`,
    )}
  </select>`;
}
