/**
 * The HTTP API (interface.md): JSON in and out, the signed-in person's session cookie on every
 * request (same origin only) and the session's CSRF token on every unsafe one. A 401 asks the
 * person to sign in again, over the page they were using, then retries; any other failure is an
 * ApiError carrying the server's `{ error, message, issues }`.
 *
 * GETs are conditional: the last ETag of each path goes out as If-None-Match, and a 304 answers
 * with the copy kept here, so polling an unchanged list costs the server no work.
 */
import { createStore } from './state/store.js';
import { awaitSignIn, csrfToken, renewCsrf } from './state/session.js';

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

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** path -> { etag, data }: the last answer of each conditional GET. */
const kept = new Map();

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

/**
 * One request, no sign-in loop: what the sign-in screens use (a 401 there means "wrong password").
 * Resolves with `{ status, data, etag }`; throws an ApiError only when the server cannot be reached.
 */
export async function send(method, path, body, extraHeaders = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      cache: 'no-store',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(UNSAFE.has(method) && csrfToken() ? { 'x-csrf-token': csrfToken() } : {}),
        // A Blob (a file to import) goes as it is, with its own type; anything else as JSON.
        ...(body === undefined ? {} : { 'Content-Type': body instanceof Blob ? body.type : 'application/json' }),
        ...extraHeaders,
      },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
    });
  } catch {
    connection.set({ ok: false, text: 'Server unreachable, retrying' });
    throw new ApiError(0, null, 'The server cannot be reached. Check the connection; nothing was changed.');
  }
  connection.set({ ok: true, text: 'Connected' });
  const data = res.status === 304 ? null : await readBody(res);
  return { status: res.status, data, etag: res.headers.get('etag') || '' };
}

export function failure(status, data) {
  return new ApiError(status, data, data && data.message ? undefined : serverTrouble(status));
}

/** `extraHeaders`: sent with every attempt (an Idempotency-Key stays the same through a sign-in). */
export async function api(method, path, body, extraHeaders = {}) {
  const conditional = method === 'GET' ? kept.get(path) : undefined;
  let csrfRenewed = false;
  for (let attempt = 0; attempt < 4; attempt++) {
    const headers = conditional ? { ...extraHeaders, 'If-None-Match': conditional.etag } : extraHeaders;
    const { status, data, etag } = await send(method, path, body, headers);
    if (status === 304 && conditional) return conditional.data;
    if (status === 401) {
      await awaitSignIn();
      continue;
    }
    // The session's CSRF token changed under us (signed in again in another tab): fetch it, once.
    if (status === 403 && data && data.error === 'csrf' && !csrfRenewed) {
      csrfRenewed = true;
      await renewCsrf();
      continue;
    }
    if (status < 200 || status >= 300) throw failure(status, data);
    if (method === 'GET' && etag) kept.set(path, { etag, data });
    return data;
  }
  throw new ApiError(401, null, 'Not signed in.');
}

/**
 * A file the API sends (a CSV export), fetched with the session like any other request (a 401 asks
 * to sign in again, then carries on). Resolves with `{ blob, disposition }`; throws an ApiError.
 */
export async function fetchFile(path) {
  for (let attempt = 0; attempt < 4; attempt++) {
    let res;
    try {
      res = await fetch(path, { cache: 'no-store', credentials: 'same-origin' });
    } catch {
      connection.set({ ok: false, text: 'Server unreachable, retrying' });
      throw new ApiError(0, null, 'The server cannot be reached. Check the connection and try again.');
    }
    connection.set({ ok: true, text: 'Connected' });
    if (res.status === 401) {
      await awaitSignIn();
      continue;
    }
    if (!res.ok) throw failure(res.status, await readBody(res));
    return { blob: await res.blob(), disposition: res.headers.get('content-disposition') || '' };
  }
  throw new ApiError(401, null, 'Not signed in.');
}

/** Forgets every kept answer (another person signed in). */
export const forgetKept = () => kept.clear();

export const enrollmentPath = (workflowId, suffix = '') => `/api/enrollments/${encodeURIComponent(workflowId)}${suffix}`;
export const clinicPath = (clinicId, suffix = '') => `/api/clinics/${encodeURIComponent(clinicId)}${suffix}`;
