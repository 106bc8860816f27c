/**
 * The AES-256-GCM payload codec (codec/): key loading, round trip, tamper detection, key rotation,
 * the remote codec server (auth, CORS), and, on a real dev server, proof that the raw history
 * (`temporal workflow show --output json`, without the codec) holds no phone number, email or first
 * name, while the codec (and the CLI through the codec server) reads them back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { JSONToPayload, payloadToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey as SigningKey } from 'jose';
import {
  AesGcmCodec,
  CodecConfigError,
  CodecDecryptError,
  createAesGcmCodec,
  dataConverterFor,
  ENCRYPTED_ENCODING,
  generateCodecKey,
  KEY_ID_METADATA,
  loadCodecKeys,
  type CodecKeys,
} from '../../platform/codec/aes-gcm-codec';
import { phoneHash } from '../../app/phone-hash';
import { tokensMatch } from '../../platform/codec/codec-server';
import { failureConverter } from '../../platform/codec/failure-converter';
import { codecServerOptionsFromEnv, startCodecServer, type RunningCodecServer } from '../../platform/codec/main';
import { codecDataConverter, codecOptions, newLocalCodecVariables, startLocalCodecServer } from '../../platform/codec/wiring';
import { requireTool } from '../../dev/temporal-toolchain';
import { clientReplySignal, resendStepUpdate, statusQuery, updateContactUpdate } from '../../workflows/contract';
import { workflowIdFor } from '../../domain/identifiers';
import { CLINIC, inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createLocalEnv } from '../../dev/temporal-env';

const run = promisify(execFile);
const K1 = generateCodecKey();
const K2 = generateCodecKey();
const ring = (current: string, keys: Record<string, string>): CodecKeys => loadCodecKeys({ CODEC_KEYS: Object.entries(keys).map(([id, k]) => `${id}:${k}`).join(','), CODEC_KEY_ID: current })!;
const str = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');
const toPayload = (v: unknown) => defaultPayloadConverter.toPayload(v);
const fromPayload = (p: Payload) => defaultPayloadConverter.fromPayload(p);

function configError(env: Record<string, string | undefined>): string {
  try {
    loadCodecKeys(env);
  } catch (err) {
    expect(err).toBeInstanceOf(CodecConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a CodecConfigError');
}

describe('codec keys from the environment or a file', () => {
  it('reads CODEC_KEYS with CODEC_KEY_ID naming the current key', () => {
    const keys = loadCodecKeys({ CODEC_KEYS: `2026-01:${K1}, 2026-07:${K2}`, CODEC_KEY_ID: '2026-07' })!;
    expect(keys.currentKeyId).toBe('2026-07');
    expect([...keys.keys.keys()]).toEqual(['2026-01', '2026-07']);
    expect(keys.keys.get('2026-01')).toEqual(Buffer.from(K1, 'base64'));
  });

  it('takes a single key as the current one without CODEC_KEY_ID; nothing configured means no codec', () => {
    expect(loadCodecKeys({ CODEC_KEYS: `only:${K1}` })!.currentKeyId).toBe('only');
    expect(loadCodecKeys({})).toBeUndefined();
    expect(codecDataConverter({})).toBeUndefined();
    expect(codecOptions({})).toEqual({});
  });

  it('reads CODEC_KEYS_FILE ({ current, keys })', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'codec-keys-'));
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ current: 'b', keys: { a: K1, b: K2 } }), { mode: 0o600 });
    const keys = loadCodecKeys({ CODEC_KEYS_FILE: file })!;
    expect(keys.currentKeyId).toBe('b');
    expect(keys.keys.size).toBe(2);
    expect(loadCodecKeys({ CODEC_KEYS_FILE: file, CODEC_KEY_ID: 'a' })!.currentKeyId).toBe('a');

    writeFileSync(file, '{ not json');
    expect(configError({ CODEC_KEYS_FILE: file })).toMatch(/^CODEC_KEYS_FILE=.*keys\.json: cannot read it as JSON/);
    writeFileSync(file, JSON.stringify({ keys: { a: K1 } }));
    expect(configError({ CODEC_KEYS_FILE: file })).toMatch(/current must be the id of the current key/);
    writeFileSync(file, JSON.stringify({ current: 'c', keys: { a: K1 } }));
    expect(configError({ CODEC_KEYS_FILE: file })).toMatch(/"c" is not one of the keys in CODEC_KEYS_FILE=.* \(a\)/);
    expect(configError({ CODEC_KEYS_FILE: path.join(dir, 'missing.json') })).toMatch(/cannot read it as JSON \(ENOENT\)/);
  });

  it('refuses a key that is not 32 bytes, naming the key and never printing it', () => {
    const short = Buffer.alloc(24, 7).toString('base64');
    const message = configError({ CODEC_KEYS: `k1:${short}` });
    expect(message).toBe(
      'CODEC_KEYS: key "k1" is 24 bytes; AES-256-GCM needs exactly 32 bytes (44 base64 characters, for example from `openssl rand -base64 32`)',
    );
    expect(message).not.toContain(short);
    expect(configError({ CODEC_KEYS: 'k1:not base64 at all!' })).toBe('CODEC_KEYS: key "k1" is not base64');
  });

  it('names the variable for every other mistake', () => {
    expect(configError({ CODEC_KEYS: `a:${K1},b:${K2}` })).toBe('CODEC_KEY_ID must name the current key; CODEC_KEYS holds a, b');
    expect(configError({ CODEC_KEYS: `a:${K1}`, CODEC_KEY_ID: 'z' })).toBe('CODEC_KEY_ID: "z" is not one of the keys in CODEC_KEYS (a)');
    expect(configError({ CODEC_KEYS: `a:${K1},a:${K2}`, CODEC_KEY_ID: 'a' })).toBe('CODEC_KEYS: key id "a" appears twice');
    expect(configError({ CODEC_KEYS: K1 })).toMatch(/^CODEC_KEYS: each entry must be <key id>:<base64 key>/);
    expect(configError({ CODEC_KEYS: `bad id:${K1}` })).toMatch(/^CODEC_KEYS: key id "bad id" must be/);
    expect(configError({ CODEC_KEYS: `a:${K1}`, CODEC_KEYS_FILE: '/x.json' })).toBe('set CODEC_KEYS or CODEC_KEYS_FILE, not both');
    expect(configError({ CODEC_KEY_ID: 'a' })).toBe('CODEC_KEY_ID is set but neither CODEC_KEYS nor CODEC_KEYS_FILE is');
  });

  it('encodes failure messages and stack traces (as a payload the codec encrypts)', () => {
    expect(failureConverter.options.encodeCommonAttributes).toBe(true);
    const failure = failureConverter.errorToFailure(new Error('number +12125554477 rejected'), defaultPayloadConverter);
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    expect(fromPayload(failure.encodedAttributes!)).toMatchObject({ message: 'number +12125554477 rejected' });
  });

  it('local stack variables make a working key ring', () => {
    const vars = newLocalCodecVariables(new Date('2026-03-06T12:00:00Z'));
    expect(vars.CODEC_KEY_ID).toBe('local-2026-03-06');
    expect(loadCodecKeys(vars)!.currentKeyId).toBe('local-2026-03-06');
    expect(Object.keys(vars).sort()).toEqual(['CODEC_KEYS', 'CODEC_KEY_ID']);
    expect(codecOptions(vars).dataConverter?.payloadCodecs?.[0]).toBeInstanceOf(AesGcmCodec);
    expect(codecOptions(vars).dataConverter?.failureConverterPath).toMatch(/codec[\\/]failure-converter\.ts$/);
  });
});

describe('AES-256-GCM codec', () => {
  const codec = createAesGcmCodec(ring('k1', { k1: K1 }));
  const values = [{ firstName: 'Jordan', phone: '+12125554477', email: 'jordan@example.com' }, 'plain text', 42, null, undefined, new Uint8Array([1, 2, 3])];

  it('round-trips every kind of payload, encrypted and tagged with the key id', async () => {
    const payloads = values.map(toPayload);
    const encoded = await codec.encode(payloads);
    for (const p of encoded) {
      expect(str(p.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
      expect(str(p.metadata?.[KEY_ID_METADATA])).toBe('k1');
      expect(Object.keys(p.metadata ?? {}).sort()).toEqual(['encoding', KEY_ID_METADATA]);
      expect(str(p.data)).not.toMatch(/Jordan|5550104477|example\.com|json\/plain|binary\/null/);
    }
    const decoded = await codec.decode(encoded);
    expect(decoded.map(fromPayload)).toEqual(values);
    expect(decoded.map((p) => str(p.metadata?.encoding))).toEqual(payloads.map((p) => str(p.metadata?.encoding)));
  });

  it('uses a fresh IV each time, and passes payloads that were never encrypted through', async () => {
    const p = toPayload('same');
    const [a, b] = await codec.encode([p, p]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
    expect(await codec.decode([p])).toEqual([p]);
  });

  it('detects any altered byte (IV, ciphertext, tag) and an altered key id', async () => {
    const [sealed] = await codec.encode([toPayload({ phone: '+12125554477' })]);
    const data = Buffer.from(sealed!.data!);
    for (const at of [0, 11, 12, Math.floor(data.length / 2), data.length - 16, data.length - 1]) {
      const altered = Buffer.from(data);
      altered[at] = altered[at]! ^ 0x01;
      await expect(codec.decode([{ ...sealed, data: altered }])).rejects.toThrow(
        new CodecDecryptError('encrypted payload (key id "k1") failed AES-GCM authentication: it was altered, or encrypted with a different key of that id'),
      );
    }
    await expect(codec.decode([{ ...sealed, data: data.subarray(0, 20) }])).rejects.toThrow(/truncated/);
    // The key id is authenticated: the same bytes under another (known) key id fail too.
    const two = createAesGcmCodec(ring('k1', { k1: K1, k2: K2 }));
    const relabelled = { metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('k2') }, data };
    await expect(two.decode([relabelled])).rejects.toThrow(/key id "k2"\) failed AES-GCM authentication/);
  });

  it('after a rotation, old payloads still decrypt and new ones use the new key id', async () => {
    const before = createAesGcmCodec(ring('k1', { k1: K1 }));
    const [old] = await before.encode([toPayload({ email: 'jordan@example.com' })]);

    const after = createAesGcmCodec(ring('k2', { k1: K1, k2: K2 }));
    expect(fromPayload((await after.decode([old!]))[0]!)).toEqual({ email: 'jordan@example.com' });
    const [fresh] = await after.encode([toPayload({ email: 'new@example.com' })]);
    expect(str(fresh!.metadata?.[KEY_ID_METADATA])).toBe('k2');
    expect(fromPayload((await after.decode([fresh!]))[0]!)).toEqual({ email: 'new@example.com' });

    // A ring that dropped k1 says which key is missing.
    const dropped = createAesGcmCodec(ring('k2', { k2: K2 }));
    await expect(dropped.decode([old!])).rejects.toThrow(
      'payload encrypted with key id "k1", which is not in the key ring (k2); add that key to CODEC_KEYS or CODEC_KEYS_FILE to read it',
    );
  });
});

// ---- the codec server ----------------------------------------------------------------------------

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'POST', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const TOKEN = 'codec-test-token-0123456789';
const UI = 'http://localhost:8233';
const jsonBody = (payloads: Payload[]) => JSON.stringify({ payloads: payloads.map((p) => payloadToJSON(p)) });
const payloadsOf = (a: Answer) => (JSON.parse(a.body) as { payloads: JSONPayload[] }).payloads.map((p) => JSONToPayload(p));

describe('codec server (remote codec protocol)', () => {
  const codec = createAesGcmCodec(ring('k1', { k1: K1 }));
  let server: RunningCodecServer;
  let uiOnlyServer: RunningCodecServer;
  const seen: { status: number; action?: string | undefined }[] = [];

  beforeAll(async () => {
    server = await startCodecServer({ codec, token: TOKEN, allowedOrigins: [UI], port: 0, onRequest: (e) => seen.push(e) });
    uiOnlyServer = await startCodecServer({ codec, originIsCredential: true, allowedOrigins: [UI], port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await uiOnlyServer?.close();
  });

  const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'X-Namespace': 'default' };

  it('decodes what the codec encoded, and encodes what the codec decodes', async () => {
    const originals = [toPayload({ phone: '+12125554477', firstName: 'Jordan' }), toPayload('hello')];
    const decoded = await request(`${server.url}/decode`, { headers: auth, body: jsonBody(await codec.encode(originals)) });
    expect(decoded.status).toBe(200);
    expect(decoded.headers['content-type']).toBe('application/json');
    expect(payloadsOf(decoded).map(fromPayload)).toEqual([{ phone: '+12125554477', firstName: 'Jordan' }, 'hello']);

    // Only the last path segment counts: /{namespace}/encode works as the CLI templates it.
    const encoded = await request(`${server.url}/default/encode`, { headers: auth, body: jsonBody(originals) });
    expect(encoded.status).toBe(200);
    const sealed = payloadsOf(encoded);
    expect(sealed.map((p) => str(p.metadata?.encoding))).toEqual([ENCRYPTED_ENCODING, ENCRYPTED_ENCODING]);
    expect((await codec.decode(sealed)).map(fromPayload)).toEqual([{ phone: '+12125554477', firstName: 'Jordan' }, 'hello']);
    expect(seen.filter((e) => e.status === 200).map((e) => e.action)).toEqual(['decode', 'encode']);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    const body = jsonBody(await codec.encode([toPayload('secret')]));
    for (const headers of [
      { 'Content-Type': 'application/json' },
      { ...auth, Authorization: 'Bearer wrong' },
      { ...auth, Authorization: `Bearer ${TOKEN}x` },
      { ...auth, Authorization: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` },
      { ...auth, Authorization: TOKEN },
    ]) {
      const answer = await request(`${server.url}/decode`, { headers, body });
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="codec"');
      expect(answer.body).toBe('{"error":"a valid bearer token is required"}');
    }
    // A token in the URL is no token: URLs end up in settings pages, logs and process lists.
    expect((await request(`${server.url}/${TOKEN}/decode`, { headers: { 'Content-Type': 'application/json' }, body })).status).toBe(401);
    expect((await request(`${server.url}/${TOKEN}/decode`, { headers: { 'Content-Type': 'application/json', Origin: UI }, body })).status).toBe(401);
  });

  it('where the UI has no sign-in, serves its origin without a token and refuses requests without an Origin (curl, scripts), whatever they carry', async () => {
    const body = jsonBody(await codec.encode([toPayload('secret')]));
    const ok = await request(`${uiOnlyServer.url}/decode`, { headers: { 'Content-Type': 'application/json', Origin: UI, 'X-Namespace': 'default' }, body });
    expect(ok.status).toBe(200);
    expect(payloadsOf(ok).map(fromPayload)).toEqual(['secret']);
    const attempts: Record<string, string>[] = [{}, { Authorization: `Bearer ${TOKEN}` }, { Origin: 'http://evil.example' }, { Origin: 'null' }];
    for (const headers of attempts) {
      const refused = await request(`${uiOnlyServer.url}/decode`, { headers: { 'Content-Type': 'application/json', ...headers }, body });
      expect(refused.status).toBe(403);
      expect(refused.body).not.toContain('secret');
    }
    expect(() => startCodecServer({ codec, allowedOrigins: [UI], port: 0 })).toThrow(/needs a token/);
  });

  it('answers the Web UI\'s CORS preflight, and only for its origin', async () => {
    const preflight = await request(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { Origin: UI, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI);
    expect(preflight.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
    expect(preflight.headers['access-control-allow-headers']).toBe('Authorization, Authorization-Extras, Content-Type, X-Namespace');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(preflight.headers.vary).toBe('Origin');

    const evil = await request(`${server.url}/decode`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(evil.status).toBe(403);
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
    // A browser request from another origin is refused even with the token.
    const body = jsonBody(await codec.encode([toPayload('secret')]));
    expect((await request(`${server.url}/decode`, { headers: { ...auth, Origin: 'https://evil.example' }, body })).status).toBe(403);

    // The real request from the UI carries the CORS headers, also on a 401 (so the UI can show it).
    const fromUi = await request(`${server.url}/decode`, { headers: { ...auth, Origin: UI }, body });
    expect(fromUi.status).toBe(200);
    expect(fromUi.headers['access-control-allow-origin']).toBe(UI);
    const unauthorized = await request(`${server.url}/decode`, { headers: { 'Content-Type': 'application/json', Origin: UI }, body });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['access-control-allow-origin']).toBe(UI);
  });

  it('refuses other routes, methods and malformed bodies; a codec error is a 400 naming the key id', async () => {
    expect((await request(`${server.url}/decode`, { method: 'GET', headers: auth })).status).toBe(405);
    expect((await request(`${server.url}/health`, { headers: auth, body: '{}' })).status).toBe(404);
    expect((await request(`${server.url}/decode`, { headers: auth, body: 'nope' })).status).toBe(400);
    expect((await request(`${server.url}/decode`, { headers: auth, body: '{"payloads":"x"}' })).status).toBe(400);
    expect((await request(`${server.url}/decode`, { headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const [foreign] = await createAesGcmCodec(ring('other', { other: K2 })).encode([toPayload('x')]);
    const answer = await request(`${server.url}/decode`, { headers: auth, body: jsonBody([foreign!]) });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(/key id "other", which is not in the key ring \(k1\)/);
  });

  it('compares tokens in constant time (digests of equal length)', () => {
    expect(tokensMatch(TOKEN, TOKEN)).toBe(true);
    expect(tokensMatch('', '')).toBe(false);
    expect(tokensMatch('short', TOKEN)).toBe(false);
  });

  it('reads its settings from the environment', () => {
    const opts = codecServerOptionsFromEnv({ CODEC_KEYS: `k1:${K1}`, CODEC_SERVER_TOKEN: TOKEN, CODEC_SERVER_PORT: '0', CODEC_CORS_ORIGINS: 'http://localhost:9000' });
    expect(opts).toMatchObject({ token: TOKEN, port: 0, host: '127.0.0.1', allowedOrigins: ['http://localhost:9000'] });
    expect(() => codecServerOptionsFromEnv({ CODEC_KEYS: `k1:${K1}`, CODEC_SERVER_TOKEN: TOKEN, CODEC_SERVER_PATH_TOKEN: '1' })).toThrow(/CODEC_SERVER_PATH_TOKEN is no longer supported/);
    expect(() => codecServerOptionsFromEnv({ CODEC_KEYS: `k1:${K1}`, CODEC_SERVER_TOKEN: TOKEN, CODEC_OIDC_ISSUER: 'http://login.example' })).toThrow(/CODEC_OIDC_ISSUER must be an https/);
    expect(() => codecServerOptionsFromEnv({ CODEC_KEYS: `k1:${K1}` })).toThrow('CODEC_SERVER_TOKEN must be set, at least 16 characters');
    expect(() => codecServerOptionsFromEnv({ CODEC_SERVER_TOKEN: TOKEN })).toThrow(/CODEC_KEYS \(or CODEC_KEYS_FILE\) must be set/);
  });
});

describe('codec server behind a signed-in Web UI (OIDC access tokens)', () => {
  const EMAIL = 'jordan.oidc@example.com';
  const codec = createAesGcmCodec(ring('k1', { k1: K1 }));
  const ISSUER = 'https://login.example.test/realms/ops';
  const AUDIENCE = 'temporal-ui';
  let jwks: http.Server;
  let server: RunningCodecServer;
  let key: SigningKey;
  let otherKey: SigningKey;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k-1', alg: 'ES256', use: 'sig' };
    jwks = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const options = codecServerOptionsFromEnv({
      CODEC_KEYS: `k1:${K1}`,
      CODEC_SERVER_TOKEN: TOKEN,
      CODEC_SERVER_PORT: '0',
      CODEC_CORS_ORIGINS: 'https://temporal.example.test',
      CODEC_OIDC_ISSUER: ISSUER,
      CODEC_OIDC_AUDIENCE: AUDIENCE,
      CODEC_OIDC_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks`,
    });
    server = await startCodecServer({ ...options, codec });
  });
  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => (jwks ? jwks.close(resolve) : resolve(undefined)));
  });

  const accessToken = (claims: { iss?: string; aud?: string; exp?: number | string }, signWith: SigningKey = key) =>
    new SignJWT({ sub: 'operator-1' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k-1' })
      .setIssuer(claims.iss ?? ISSUER)
      .setAudience(claims.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(claims.exp ?? '5m')
      .sign(signWith);

  const decodeWith = async (bearer: string) => {
    const body = jsonBody(await codec.encode([toPayload({ email: EMAIL })]));
    return request(`${server.url}/decode`, {
      headers: { 'Content-Type': 'application/json', Origin: 'https://temporal.example.test', 'X-Namespace': 'default', Authorization: `Bearer ${bearer}` },
      body,
    });
  };

  it("decodes for the UI's signed-in user (the access token the UI passes), and for the static token (CLI, health check)", async () => {
    const ok = await decodeWith(await accessToken({}));
    expect(ok.status).toBe(200);
    expect(payloadsOf(ok).map(fromPayload)).toEqual([{ email: EMAIL }]);
    expect((await decodeWith(TOKEN)).status).toBe(200);
  });

  it('refuses a token from another issuer, for another audience, expired, signed by another key, or made up', async () => {
    const refused = [
      await accessToken({ iss: 'https://elsewhere.example.test' }),
      await accessToken({ aud: 'another-app' }),
      await accessToken({ exp: Math.floor(Date.now() / 1000) - 3600 }),
      await accessToken({}, otherKey),
      `${(await accessToken({})).split('.').slice(0, 2).join('.')}.`,
      'not-a-jwt',
    ];
    for (const token of refused) {
      const answer = await decodeWith(token);
      expect(answer.status).toBe(401);
      expect(answer.body).not.toContain(EMAIL);
    }
  });
});

// ---- on a real dev server ------------------------------------------------------------------------

/** Every string in a JSON tree. */
function strings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const n of node) strings(n, out);
  else if (node && typeof node === 'object') for (const n of Object.values(node)) strings(n, out);
  return out;
}

/** Paths of the payloads in a JSON tree that are not encrypted. */
function clearPayloadPaths(node: unknown, at = '', out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n, i) => clearPayloadPaths(n, `${at}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const encoding = (node as { metadata?: Record<string, unknown> }).metadata?.encoding;
    if (typeof encoding === 'string') {
      if (Buffer.from(encoding, 'base64').toString() !== ENCRYPTED_ENCODING) out.push(at);
    } else for (const [k, n] of Object.entries(node)) clearPayloadPaths(n, `${at}.${k}`, out);
  }
  return out;
}

/** Every object in a JSON tree that is an encrypted payload in proto3 JSON. */
function encryptedPayloads(node: unknown, out: JSONPayload[] = []): JSONPayload[] {
  if (Array.isArray(node)) for (const n of node) encryptedPayloads(n, out);
  else if (node && typeof node === 'object') {
    const o = node as { metadata?: Record<string, unknown>; data?: unknown };
    const encoding = o.metadata?.encoding;
    if (typeof encoding === 'string' && Buffer.from(encoding, 'base64').toString() === ENCRYPTED_ENCODING) out.push(o as JSONPayload);
    else for (const n of Object.values(node)) encryptedPayloads(n, out);
  }
  return out;
}

describe('on a real dev server: the stored history holds ciphertext only', () => {
  const keys = ring('2026-07', { '2026-01': K1, '2026-07': K2 });
  const codec = createAesGcmCodec(keys);
  const dataConverter = dataConverterFor(codec);
  let env: TestWorkflowEnvironment;
  let h: Harness;
  let codecServer: RunningCodecServer | undefined;

  const PII = {
    firstName: 'Marisol',
    phone: '+12125550021',
    email: 'marisol.quintero@example.com',
    newPhone: '+17185557788',
    newEmail: 'm.quintero.new@example.org',
    memo: 'Prefers texts; partner Anneliese',
    reply: 'Hi, Marisol here, my cousin Evangelina wants to book too',
  };
  const SECRETS = Object.values(PII);
  // Also the phone numbers' digits without the +, the local parts and the first name in lower case.
  const NEEDLES = [...SECRETS, '5550100021', '5550177788', 'marisol.quintero', 'm.quintero.new', 'marisol', 'Anneliese', 'Evangelina'];

  beforeAll(async () => {
    env = await createLocalEnv({ dataConverter });
    h = await startHarness(env, { dataConverter });
  });
  afterAll(async () => {
    await codecServer?.close();
    await h?.stop();
    await env?.teardown();
  });

  it('the CLI without the codec sees no phone, email or first name; the codec reads them back', async () => {
    // A permanent SMS failure (Twilio 21211): the welcome's one activity for both channels
    // (deliverStep) reports it as that channel's outcome; the text resent below, alone, to the new
    // number refused too, puts an activity failure in the history.
    h.twilio.failFor(PII.phone, { status: 400, code: 21211, message: `The 'To' number ${PII.phone} is not a valid phone number.` });
    h.twilio.failFor(PII.newPhone, { status: 400, code: 21211, message: `The 'To' number ${PII.newPhone} is not a valid phone number.` });
    const base = inputAt(await env.currentTimeMs(), { clientRef: 'C7001' });
    const input = {
      ...base,
      // A window of the whole day: the welcome goes at once, whatever the time of the test.
      clinic: { ...CLINIC, window: { start: '00:00', end: '23:59' } },
      client: { ...base.client, firstName: PII.firstName, phone: PII.phone, email: PII.email, timezone: 'UTC' },
    };
    const workflowId = workflowIdFor(input.clinic.id, input.clientRef, 1);
    const handle = await env.client.workflow.start('aftercareWorkflow', {
      taskQueue: h.taskQueue,
      workflowId,
      args: [input],
      memo: { note: PII.memo },
    });

    // The worker decrypted the input: the welcome email reached the client (SMS failed permanently).
    const until = Date.now() + 60_000;
    while (!h.smtp.messages.some((m) => m.text?.includes(PII.firstName)) && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    // The welcome to the client; the clinic's notice about the refused number names them too.
    const toClient = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-channel') === 'email');
    expect(toClient.filter((m) => m.text?.includes(PII.firstName))).toHaveLength(1);
    expect(h.twilio.messages).toHaveLength(0);

    // As the app sends it: a new phone goes with its hash.
    const change = { phone: PII.newPhone, phoneHash: phoneHash(PII.newPhone, 'codec-test-phone-hash-key'), email: PII.newEmail };
    const status = await handle.executeUpdate(updateContactUpdate, { args: [change] });
    expect(status.channels.sms).toBe('active');
    await handle.signal(clientReplySignal, { kind: 'message', text: PII.reply, messageSid: 'SM0001' });
    await handle.executeUpdate(resendStepUpdate, { args: [{ step: 'welcome', channel: 'sms', reason: 'new number' }] });
    const failedBy = Date.now() + 60_000;
    const hasFailure = async () => (await handle.fetchHistory()).events?.some((e) => e.activityTaskFailedEventAttributes) ?? false;
    while (!(await hasFailure()) && Date.now() < failedBy) await new Promise((r) => setTimeout(r, 250));
    const queried = await handle.query(statusQuery);
    expect(queried.sent.some((s) => s.id === 'welcome' && s.channel === 'email')).toBe(true);

    // The raw history, as an operator without the codec sees it.
    const cli = requireTool('cli');
    const { stdout } = await run(cli, ['workflow', 'show', '--workflow-id', workflowId, '--address', env.address, '--output', 'json'], { maxBuffer: 64 * 1024 * 1024 });
    const history = JSON.parse(stdout) as { events: { eventType: string }[] };
    const types = history.events.map((e) => e.eventType);
    expect(types).toEqual(expect.arrayContaining([
      'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
      'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
      'EVENT_TYPE_ACTIVITY_TASK_FAILED',
      'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
      'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
    ]));
    // Neither in clear nor in base64 (which is how unencrypted payloads would show).
    const found = new Set<string>();
    for (const s of strings(history)) {
      const forms = [s, /^[A-Za-z0-9+/]+={0,2}$/.test(s) ? Buffer.from(s, 'base64').toString('latin1') : ''];
      for (const needle of NEEDLES) if (forms.some((f) => f.toLowerCase().includes(needle.toLowerCase()))) found.add(needle);
    }
    expect([...found]).toEqual([]);
    expect(stdout).not.toMatch(/Marisol|quintero|5550100021|5550177788/i);
    // Every payload is encrypted, except search attribute values, which the server must index, and
    // patched() markers, which Temporal's core writes itself: they hold the patch ID and nothing else.
    const clear = clearPayloadPaths(history).filter((p) => !/\.searchAttributes\.indexedFields\./.test(p));
    const markers = clear.filter((p) => /\.markerRecordedEventAttributes\.details\.patch-data\./.test(p));
    expect(clear.filter((p) => !markers.includes(p))).toEqual([]);
    for (const p of markers) {
      const index = Number(/events\[(\d+)\]/.exec(p)![1]);
      const data = (history.events[index] as unknown as { markerRecordedEventAttributes: { details: Record<string, { payloads: JSONPayload[] }> } })
        .markerRecordedEventAttributes.details['patch-data']!.payloads[0]!.data!;
      expect(JSON.parse(Buffer.from(data, 'base64').toString('utf8'))).toMatchObject({ id: expect.stringMatching(/^[a-z-]+$/) });
    }
    // The failure's message and stack trace went through the codec as well.
    const failed = history.events.find((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_FAILED') as unknown as {
      activityTaskFailedEventAttributes: { failure: { message: string; stackTrace?: string; encodedAttributes?: JSONPayload } };
    };
    expect(failed.activityTaskFailedEventAttributes.failure.message).toBe('Encoded failure');
    expect(failed.activityTaskFailedEventAttributes.failure.stackTrace ?? '').toBe('');

    // Decoding those very payloads with the codec gives the data back.
    const sealed = encryptedPayloads(history);
    expect(sealed.length).toBeGreaterThanOrEqual(8);
    const keyIds = new Set(sealed.map((p) => Buffer.from(p.metadata![KEY_ID_METADATA]!, 'base64').toString()));
    expect([...keyIds]).toEqual(['2026-07']);
    const plain = (await codec.decode(sealed.map((p) => JSONToPayload(p)))).map((p) => str(p.data)).join('\n');
    for (const secret of SECRETS) expect(plain).toContain(secret);
    const failure = await codec.decode([JSONToPayload(failed.activityTaskFailedEventAttributes.failure.encodedAttributes!)]);
    expect(fromPayload(failure[0]!)).toMatchObject({ message: expect.stringMatching(/21211|not a valid/), stack_trace: expect.any(String) });

    // The same CLI through the codec server (bearer token) shows the decoded history.
    codecServer = await startCodecServer({ codec, token: TOKEN, allowedOrigins: [UI], port: 0 });
    const decoded = await run(
      cli,
      ['workflow', 'show', '--workflow-id', workflowId, '--address', env.address, '--output', 'json', '--codec-endpoint', codecServer.url, '--codec-auth', `Bearer ${TOKEN}`],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    // (`--output json` prints the decoded json/plain payloads' data in base64.)
    const shown = strings(JSON.parse(decoded.stdout))
      .map((s) => (/^[A-Za-z0-9+/]+={0,2}$/.test(s) ? Buffer.from(s, 'base64').toString('utf8') : s))
      .join('\n');
    for (const secret of SECRETS) expect(shown).toContain(secret);
    expect(encryptedPayloads(JSON.parse(decoded.stdout))).toEqual([]);
    const refused = await run(cli, ['workflow', 'show', '--workflow-id', workflowId, '--address', env.address, '--output', 'json', '--codec-endpoint', codecServer.url], {
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      (r) => r.stdout + r.stderr,
      (err: { stdout?: string; stderr?: string }) => `${err.stdout ?? ''}${err.stderr ?? ''}`,
    );
    expect(refused).not.toContain(PII.email);
    expect(refused).not.toContain(Buffer.from(JSON.stringify(PII.email)).toString('base64').slice(0, 20));

    await handle.terminate('test finished');
  });

  it('the local stack helper gives the UI an endpoint with nothing secret in it, and serves only the UI', async () => {
    const vars = newLocalCodecVariables();
    const local = await startLocalCodecServer(vars, { port: 0 });
    try {
      expect(local!.uiCodecEndpoint).toBe(local!.url);
      expect(local!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const localCodec = createAesGcmCodec(loadCodecKeys(vars)!);
      const body = jsonBody(await localCodec.encode([toPayload({ email: PII.email })]));
      const answer = await request(`${local!.uiCodecEndpoint}/decode`, { headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8233', 'X-Namespace': 'default' }, body });
      expect(answer.status).toBe(200);
      expect(payloadsOf(answer).map(fromPayload)).toEqual([{ email: PII.email }]);
      const noOrigin = await request(`${local!.uiCodecEndpoint}/decode`, { headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default' }, body });
      expect(noOrigin.status).toBe(403);
      expect(noOrigin.body).not.toContain(PII.email);
    } finally {
      await local?.close();
    }
    expect(await startLocalCodecServer({})).toBeUndefined();
  });

});
