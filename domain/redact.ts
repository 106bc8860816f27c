/**
 * The one redaction of personal data in free text: phone numbers and email addresses are masked
 * (`+*********42`, `z***@example.org`) wherever text leaves the process, in the logs and in the
 * failure messages that Temporal stores. Names cannot be recognised in free text: code that logs
 * or fails never puts one there in the first place.
 */

// Logs: email addresses are local@domain.tld or local@localhost. No "/" in the local part and a
// dotted domain, so paths such as node_modules/@temporalio/worker stay readable in stack traces.
const EMAIL = /[A-Za-z0-9.!#$%&'*+=?^_`{|}~-]+@(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|localhost\b)/g;
// International numbers with a leading +: "+12125550142", "+1 212 555 0142", "+44 (20) 7946-0958".
const INTERNATIONAL = /\+\d(?:[\s().-]?\d){6,14}(?!\d)/g;
// North American numbers written with separators: "(555) 010-0142", "555-010-0142", "555.010.0142".
// Bare digit runs are left alone in logs: they are far more often ids, counts or timestamps.
const NANP = /(?<![\d+])\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)/g;

// A provider's own words (an SMTP reply, a Twilio error) quote the recipient in whatever form the
// provider chose, and hold no ids worth keeping: anything with an @ and a dotted domain, and any
// run of 6 or more digits with the separators numbers are written with, is masked.
const ANY_EMAIL = /[^\s<>()"',;:]+@[^\s<>()"',;:]+\.[^\s<>()"',;:]+/g;
const ANY_NUMBER = /\+?\(?\d[\d\s().-]{4,}\d/g;

function maskDigits(match: string): string {
  const digits = match.replace(/\D/g, '');
  return `${match.startsWith('+') ? '+' : ''}${'*'.repeat(Math.max(digits.length - 2, 1))}${digits.slice(-2)}`;
}

function maskEmail(match: string): string {
  const at = match.lastIndexOf('@');
  return `${match.slice(0, 1)}***@${match.slice(at + 1)}`;
}

export interface RedactOptions {
  /**
   * For text written by someone else (a provider's error): also mask bare digit runs and
   * addresses of any shape. Off for our own log lines, whose ids and timestamps must stay readable.
   */
  foreign?: boolean;
}

/** Masks phone numbers and email addresses in a string. */
export function redactText(text: string, options: RedactOptions = {}): string {
  const masked = text.replace(EMAIL, maskEmail).replace(INTERNATIONAL, maskDigits).replace(NANP, maskDigits);
  return options.foreign ? masked.replace(ANY_EMAIL, maskEmail).replace(ANY_NUMBER, maskDigits) : masked;
}

/**
 * A JSON-safe copy of `value` with every string passed through `redactText`. Errors become
 * `{ name, message, stack }`, bigints strings, cycles and very deep nesting are cut.
 */
export function redactValue(value: unknown): unknown {
  return copy(value, 0, new WeakSet());
}

function copy(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth > 8) return '[too deep]';
  seen.add(value);
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    if (value instanceof Error) {
      const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
      if (value.stack) out.stack = redactText(value.stack);
      const cause = (value as { cause?: unknown }).cause;
      if (cause !== undefined) out.cause = copy(cause, depth + 1, seen);
      return out;
    }
    if (Array.isArray(value)) return value.map((v) => copy(v, depth + 1, seen));
    if (value instanceof Map) return copy(Object.fromEntries(value), depth + 1, seen);
    if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = copy(v, depth + 1, seen);
      if (r !== undefined) out[k] = r;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
