/**
 * Bodies for `/api` are JSON only (415 otherwise; Fastify's text/plain parser is removed), and an
 * empty body is "no body".
 */
import { invalidRequest } from '../errors';
import { shared } from './shared';

export const jsonBody = shared(async (api) => {
  api.removeAllContentTypeParsers();
  api.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const raw = typeof text === 'string' ? text : text.toString('utf8');
    if (raw.trim() === '') return done(null, undefined);
    try {
      // JSON.parse makes `__proto__`/`constructor` plain own keys (no prototype is touched); the
      // strict schemas then refuse them as unknown fields, naming where they were.
      done(null, JSON.parse(raw));
    } catch {
      done(invalidRequest([{ path: '(body)', message: 'is not valid JSON' }]), undefined);
    }
  });
});
