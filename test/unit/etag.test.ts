/** Conditional GETs (api/plugins/etag.ts): what the front desk's polling relies on. */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { etag } from '../../api/plugins/etag';

async function appWith(body: () => unknown) {
  const app = Fastify();
  await app.register(etag);
  app.get('/list', async () => body());
  app.post('/list', async () => body());
  app.get('/missing', async (_request, reply) => reply.code(404).send({ error: 'not_found' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const ask = async (method: string, url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + url, { method, headers });
    return { statusCode: res.status, headers: { etag: res.headers.get('etag') ?? undefined }, body: await res.text() };
  };
  return { ask, close: () => app.close() };
}

describe('conditional GETs', () => {
  it('answers 304 with no body while the list is unchanged, and 200 with a new tag once it changes', async () => {
    let rows = [{ workflowId: 'a' }];
    const app = await appWith(() => rows);
    const first = await app.ask('GET', '/list');
    expect(first.statusCode).toBe(200);
    const tag = first.headers.etag!;
    expect(tag).toMatch(/^W\/".+"$/);

    const same = await app.ask('GET', '/list', { 'if-none-match': tag });
    expect(same.statusCode).toBe(304);
    expect(same.body).toBe('');

    rows = [...rows, { workflowId: 'b' }];
    const changed = await app.ask('GET', '/list', { 'if-none-match': tag });
    expect(changed.statusCode).toBe(200);
    expect(JSON.parse(changed.body)).toEqual(rows);
    expect(changed.headers.etag).not.toBe(tag);
    await app.close();
  });

  it('leaves errors and changes alone', async () => {
    const app = await appWith(() => ({ ok: true }));
    const missing = await app.ask('GET', '/missing', { 'if-none-match': '*' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    const post = await app.ask('POST', '/list', { 'if-none-match': '*' });
    expect(post.statusCode).toBe(200);
    expect(post.headers.etag).toBeUndefined();
    await app.close();
  });
});
