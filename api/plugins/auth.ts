/**
 * Authentication for `/api`: `Authorization: Bearer <API_KEY>` (401 with `WWW-Authenticate`
 * otherwise). Keys are compared as SHA-256 digests with `timingSafeEqual`, so the comparison takes
 * the same time whatever the key. Authenticated requests are then rate-limited per key
 * (API_RATE_LIMIT_PER_MINUTE, 429 beyond).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { operatorCaller } from '../../app/caller';
import { HttpError } from '../errors';
import '../caller';
import { shared } from './shared';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();
const BEARER = /^Bearer +(\S+) *$/i;

function unauthorized(presented: boolean): never {
  throw new HttpError(
    401,
    { error: 'unauthorized', message: 'A valid API key is required: send the header Authorization: Bearer <API_KEY>.' },
    { 'www-authenticate': presented ? 'Bearer realm="aftercare", error="invalid_token"' : 'Bearer realm="aftercare"' },
  );
}

export interface AuthOptions {
  apiKey: string | undefined;
  ratePerMinute: number;
}

export const auth = shared<AuthOptions>(async (api, { apiKey, ratePerMinute }) => {
  const expected = apiKey ? sha256(apiKey) : undefined;

  api.addHook('onRequest', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!expected) {
      throw new HttpError(503, { error: 'not_configured', message: 'The server has no API_KEY set, so it cannot accept API requests.' });
    }
    const header = request.headers.authorization;
    const m = BEARER.exec(header ?? '');
    if (!m || !timingSafeEqual(sha256(m[1]!), expected)) unauthorized(header !== undefined);
    request.caller = operatorCaller('api', request.ip);
  });

  await api.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    max: ratePerMinute,
    timeWindow: 60_000,
    // Only authenticated requests get here (the key check runs first): one bucket per key.
    keyGenerator: (request) => `key:${sha256(BEARER.exec(request.headers.authorization ?? '')?.[1] ?? '').toString('hex').slice(0, 32)}`,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, {
        error: 'rate_limited',
        message: `Too many requests with this API key: at most ${context.max} a minute. Try again in ${context.after}.`,
      }),
  });
});
