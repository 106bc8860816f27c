/**
 * Who is calling `/api` (issue 14), set as `request.caller` (api/caller.ts):
 * - `Authorization: Bearer <API_KEY>`: the bootstrap administrator key from the environment;
 * - `Authorization: Bearer ak_...`: a clinic's key (its digest looked up; revoked ones fail at
 *   once, and each use is recorded as the key's last use);
 * - the `aftercare_session` cookie: a signed-in person; unsafe methods also need the session's
 *   `x-csrf-token` header (403 `csrf` otherwise). Bearer requests need no CSRF token: a browser
 *   never adds that header on its own.
 * Anything else gets 401 with `WWW-Authenticate`. Routes marked `config: { public: true }` (sign-in,
 * password reset, invitations) are let through without a caller; a valid cookie still sets one.
 *
 * Limits: an address with too many wrong credentials in a minute gets 429 before anything is
 * checked (API_AUTH_FAILURES_PER_MINUTE), and every caller (person, key, the bootstrap key) has a
 * bucket of its own of API_RATE_LIMIT_PER_MINUTE requests, so one busy desk cannot block another;
 * its conditional reads (the page's refresh) have another (POLL_REQUESTS_PER_MINUTE).
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { operatorCaller, type Caller } from '../../app/caller';
import { FailureThrottle } from '../../app/failure-throttle';
import { isClinicKeyShaped, keyDigestOf } from '../../app/keys';
import { sessionOf } from '../../app/sign-in';
import { matchesDigest, sha256Hex } from '../../app/tokens';
import { DEFAULT_AUTH_FAILURES_PER_MINUTE } from '../../platform/config';
import type { AccessStores } from '../../platform/people';
import { HttpError } from '../errors';
import { sessionTokenOf } from '../session-cookie';
import '../caller';
import { shared } from './shared';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without signing in or a key (sign-in, password reset, invitations). */
    public?: boolean;
  }
}

const BEARER = /^Bearer +(\S+) *$/i;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

function unauthorized(presented: boolean): never {
  throw new HttpError(
    401,
    { error: 'unauthorized', message: 'Sign in, or send an API key as the header Authorization: Bearer <key>.' },
    { 'www-authenticate': presented ? 'Bearer realm="aftercare", error="invalid_token"' : 'Bearer realm="aftercare"' },
  );
}

export interface AuthOptions {
  apiKey: string | undefined;
  ratePerMinute: number;
  /** Wrong credentials allowed per address and minute (default DEFAULT_AUTH_FAILURES_PER_MINUTE). */
  authFailuresPerMinute?: number | undefined;
  access: AccessStores;
  now: () => Date;
}

/**
 * Conditional reads (a GET with If-None-Match: the page refreshing what it shows) count in a
 * bucket of their own, so a desk left open all day never spends what its people need to act.
 * They are reads of lists the caller may see anyway, and a 304 costs no body.
 */
const POLL_REQUESTS_PER_MINUTE = 240;
const POLL_BUCKET = 'poll:';
const isPoll = (request: FastifyRequest): boolean => request.method === 'GET' && typeof request.headers['if-none-match'] === 'string';

export const auth = shared<AuthOptions>(async (api, { apiKey, ratePerMinute, authFailuresPerMinute, access, now }) => {
  const expected = apiKey ? sha256Hex(apiKey) : undefined;
  const failures = new FailureThrottle({ max: authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE, windowMs: 60_000 });

  async function bearerCaller(token: string, from: string): Promise<Caller | undefined> {
    if (expected && matchesDigest(token, expected)) return operatorCaller('api', from);
    if (!isClinicKeyShaped(token)) return undefined;
    const key = await access.keys.useActive(keyDigestOf(token), now());
    return key && { kind: 'key', role: 'staff', clinicId: key.clinicId, keyId: key.id, actor: `key:${key.id}`, via: 'api', from };
  }

  /** The signed-in person of the cookie, with the CSRF check for unsafe methods; undefined for no valid session. */
  async function cookieCaller(request: FastifyRequest, token: string, checkCsrf: boolean): Promise<Caller | undefined> {
    const session = await sessionOf({ access, now }, token);
    if (!session) return undefined;
    if (checkCsrf && !SAFE_METHODS.has(request.method)) {
      const given = request.headers[CSRF_HEADER];
      if (typeof given !== 'string' || !matchesDigest(given, session.csrfDigest)) {
        throw new HttpError(403, { error: 'csrf', message: `Signed-in changes need the header ${CSRF_HEADER} with the token GET /api/session gives.` });
      }
    }
    const { person } = session;
    request.signInSession = { tokenDigest: session.tokenDigest, person };
    return { kind: 'person', personId: person.id, role: person.role, clinicId: person.clinicId, actor: `person:${person.id}`, via: 'page', from: request.ip };
  }

  api.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const cookie = sessionTokenOf(request);

    if (request.routeOptions.config?.public) {
      // Public routes answer anyone; GET /api/session still wants to know who is signed in.
      if (cookie) request.caller = await cookieCaller(request, cookie, false);
      return;
    }

    const wait = failures.retryAfter(request.ip);
    if (wait !== undefined) {
      throw new HttpError(
        429,
        { error: 'rate_limited', message: `Too many wrong keys or expired sessions from this address: try again in ${wait} s.` },
        { 'retry-after': String(wait) },
      );
    }

    const header = request.headers.authorization;
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      const caller = token ? await bearerCaller(token, request.ip) : undefined;
      if (caller) {
        request.caller = caller;
        return;
      }
      failures.fail(request.ip);
      unauthorized(true);
    }
    if (cookie) {
      const caller = await cookieCaller(request, cookie, true);
      if (caller) {
        request.caller = caller;
        return;
      }
      failures.fail(request.ip);
    }
    unauthorized(cookie !== undefined);
  });

  await api.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: (_request, key) => (key.startsWith(POLL_BUCKET) ? Math.max(POLL_REQUESTS_PER_MINUTE, ratePerMinute) : ratePerMinute),
    timeWindow: 60_000,
    // The auth hook runs first: one bucket per caller; public routes (no caller) per address.
    keyGenerator: (request) => {
      const caller = request.caller;
      const bucket = !caller ? `address:${request.ip}` : caller.kind === 'person' ? `person:${caller.personId}` : caller.kind === 'key' ? `key:${caller.keyId}` : 'operator';
      return isPoll(request) ? `${POLL_BUCKET}${bucket}` : bucket;
    },
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, {
        error: 'rate_limited',
        message: `Too many requests: at most ${context.max} a minute for each person or key. Try again in ${context.after}.`,
      }),
  });
});
