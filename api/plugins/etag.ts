/**
 * Conditional GETs for the API's JSON answers: each 200 carries a weak ETag (a digest of its body),
 * and a request whose If-None-Match names it gets a bodyless 304. The front desk polls the client
 * list and an open timeline every few seconds; an unchanged answer then costs one small reply.
 */
import { createHash } from 'node:crypto';
import { shared } from './shared';

const tagOf = (body: string | Buffer) => `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** If-None-Match may list several tags, or `*`. */
const names = (header: string, tag: string) => header.split(',').some((t) => t.trim() === tag || t.trim() === '*');

export const etag = shared(async (api) => {
  api.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const tag = tagOf(payload);
    reply.header('etag', tag);
    const asked = request.headers['if-none-match'];
    if (typeof asked === 'string' && names(asked, tag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
});
