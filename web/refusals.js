/**
 * A refused request, sorted for a small form: each issue the server names (`issues[].path`) goes
 * under the field showing that path, the rest (or the message, when there are no issues) above
 * the form. `fields`: `{ fieldId: [path, ...] }`.
 */
import { issueSorter } from './form-values.js';

export function refusalsFor(err, fields) {
  const { group } = issueSorter(Object.entries(fields).map(([id, paths]) => ({ id, paths })));
  if (!err.issues || !err.issues.length) return { byField: {}, general: [err.message] };
  return group(err.issues);
}
