/**
 * The HTTP API (interface.md): JSON in and out, `Authorization: Bearer <key>` on every request.
 * A 401 asks for the key again and retries; any other failure is an ApiError carrying the
 * server's `{ error, message, issues }`.
 */
import { askForKey, refuseKey, storedKey } from './state/api-key.js';
import { createStore } from './state/store.js';

/** Whether the server answered the last request (shown in the top bar). */
export const connection = createStore({ ok: true, text: '' });

export class ApiError extends Error {
  constructor(status, body, fallback) {
    const b = body && typeof body === 'object' ? body : {};
    super((typeof b.message === 'string' && b.message) || fallback || `The server answered ${status}.`);
    this.status = status;
    this.body = b;
    this.error = typeof b.error === 'string' ? b.error : '';
    this.issues = Array.isArray(b.issues) ? b.issues : [];
  }
}

async function readBody(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.length < 200 ? text : undefined };
  }
}

function serverTrouble(status) {
  if (status === 503) return 'The aftercare service is not available right now; nothing was changed. Try again in a minute.';
  if (status >= 500) return 'Something went wrong on the server; nothing was changed. Try again.';
  return undefined;
}

export async function api(method, path, body) {
  for (let attempt = 0; attempt < 4; attempt++) {
    const key = storedKey() || (await askForKey());
    let res;
    try {
      res = await fetch(path, {
        method,
        cache: 'no-store',
        credentials: 'omit',
        headers: {
          Authorization: `Bearer ${key}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      connection.set({ ok: false, text: 'Server unreachable, retrying' });
      throw new ApiError(0, null, 'The server cannot be reached. Check the connection; nothing was changed.');
    }
    connection.set({ ok: true, text: 'Connected' });
    const data = await readBody(res);
    if (res.status === 401) {
      refuseKey(key);
      await askForKey('That API key was not accepted. Enter the current key.');
      continue;
    }
    if (!res.ok) throw new ApiError(res.status, data, data && data.message ? undefined : serverTrouble(res.status));
    return data;
  }
  throw new ApiError(401, null, 'Not signed in.');
}

export const enrollmentPath = (workflowId, suffix = '') => `/api/enrollments/${encodeURIComponent(workflowId)}${suffix}`;

/** What the server refused, in its words, for the field that asked (one line per issue). */
export const refusalMessages = (err) => (err.issues.length ? err.issues.map((i) => String(i.message || i.path)) : [err.message]);
