/**
 * How the page's forms turn what was typed into what the API reads, and the server's field issues
 * into errors beside the fields. The server judges every value; the page only tidies the shape.
 */

/** A number when the text is one, else the text as typed (the server names the problem); empty: undefined. */
export function numberOrAsTyped(value) {
  const v = String(value).trim();
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

/** "+1 (212) 555-4477" -> "+12125554477"; anything else goes as typed, for the server to judge. */
export function phoneAsSent(typed) {
  const phone = String(typed).trim();
  return /^\+[\d\s().-]+$/.test(phone) ? phone.replace(/[\s().-]/g, '') : phone;
}

const within = (path, prefix) => path === prefix || path.startsWith(`${prefix}.`);

/**
 * Sorts the server's issues (`[{ path, message }]`) by the form field that shows them. `fields`:
 * `[{ id, paths }]` in page order; `whole`: `[prefix, id]` for issues about a whole object, shown
 * at one of its fields. The rest become lines for the form's alert.
 */
export function issueSorter(fields, whole = []) {
  const fieldFor = (path) => {
    const p = String(path || '');
    const field = fields.find((f) => f.paths.some((prefix) => within(p, prefix)));
    if (field) return field.id;
    const match = whole.find(([prefix]) => within(p, prefix));
    return match ? match[1] : null;
  };
  const group = (issues) => {
    const byField = {};
    const general = [];
    for (const issue of issues) {
      const id = fieldFor(issue.path);
      const message = String(issue.message || 'is not valid');
      if (id) byField[id] = [...new Set([...(byField[id] || []), message])];
      else general.push(issue.path && issue.path !== '(body)' ? `${issue.path}: ${message}` : message);
    }
    return { byField, general };
  };
  return { fieldFor, group };
}

/** Focuses a field's control (a group's first one) and brings it into view. */
export function focusField(id) {
  const el = document.getElementById(id);
  if (!el) return;
  const target = el.tagName === 'FIELDSET' ? el.querySelector('input, select, textarea') : el;
  if (!target) return;
  target.focus();
  target.scrollIntoView({ block: 'center', behavior: 'instant' });
}
