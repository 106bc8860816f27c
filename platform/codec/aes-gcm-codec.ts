/**
 * AES-256-GCM payload codec with a key ring: every payload that leaves a client or worker (workflow
 * and activity arguments and results, signals, updates, queries, memo, and, with the failure
 * converter below, failure messages and stack traces) is stored by Temporal encrypted.
 *
 * - An encrypted payload: metadata `encoding: binary/encrypted` and `encryption-key-id: <id>`;
 *   data = 12-byte random IV | ciphertext of the whole original Payload (protobuf) | 16-byte tag.
 *   The key id is bound as additional authenticated data.
 * - The key ring has one current key (used to encrypt) and any number of older keys (used only to
 *   decrypt), so that a key rotation leaves every earlier payload readable.
 * - Payloads that are not encrypted (written before encryption was turned on) decode unchanged.
 *
 * Keys come from the environment, never from the code:
 *   CODEC_KEYS="2026-01:<base64 32 bytes>,2026-07:<base64 32 bytes>"  CODEC_KEY_ID=2026-07
 * or a file (mode 0600, outside the repository):
 *   CODEC_KEYS_FILE=/etc/aftercare/codec-keys.json  with  { "current": "2026-07", "keys": { "2026-01": "...", "2026-07": "..." } }
 * Make a key with `openssl rand -base64 32` (or `generateCodecKey()`).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A validated key ring. */
export interface CodecKeys {
  /** The id of the key new payloads are encrypted with. */
  currentKeyId: string;
  /** Every key, by id (the current one included); all of them decrypt. */
  keys: ReadonlyMap<string, Buffer>;
}

/** A bad key configuration; the message names the variable (or file) and never holds key material. */
export class CodecConfigError extends Error {
  override name = 'CodecConfigError';
}

/** A payload that cannot be decrypted: unknown key id, altered data, wrong key. */
export class CodecDecryptError extends Error {
  override name = 'CodecDecryptError';
}

/** A new random key, base64 (what `openssl rand -base64 32` prints). */
export function generateCodecKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function parseKeyId(id: string, where: string): string {
  if (!KEY_ID.test(id)) {
    throw new CodecConfigError(`${where}: key id ${JSON.stringify(id.slice(0, 80))} must be 1-64 characters of A-Z a-z 0-9 . _ -`);
  }
  return id;
}

/** Decodes and checks one base64 key: exactly 32 bytes (AES-256). */
export function parseKey(id: string, base64: string, where: string): Buffer {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    throw new CodecConfigError(`${where}: key "${id}" is not base64`);
  }
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new CodecConfigError(
      `${where}: key "${id}" is ${key.length} bytes; AES-256-GCM needs exactly ${KEY_BYTES} bytes ` +
        `(44 base64 characters, for example from \`openssl rand -base64 32\`)`,
    );
  }
  return key;
}

function ring(entries: [string, string][], current: string | undefined, where: string, currentVar: string): CodecKeys {
  if (entries.length === 0) throw new CodecConfigError(`${where}: no keys`);
  const keys = new Map<string, Buffer>();
  for (const [id, value] of entries) {
    parseKeyId(id, where);
    if (keys.has(id)) throw new CodecConfigError(`${where}: key id "${id}" appears twice`);
    keys.set(id, parseKey(id, value, where));
  }
  let currentKeyId = current?.trim();
  if (!currentKeyId) {
    if (keys.size > 1) {
      throw new CodecConfigError(`${currentVar} must name the current key; ${where} holds ${[...keys.keys()].join(', ')}`);
    }
    currentKeyId = [...keys.keys()][0] as string;
  }
  if (!keys.has(currentKeyId)) {
    throw new CodecConfigError(`${currentVar}: "${currentKeyId.slice(0, 80)}" is not one of the keys in ${where} (${[...keys.keys()].join(', ')})`);
  }
  return { currentKeyId, keys };
}

const keyFileSchema = z.object({
  current: z.string({ message: 'must be the id of the current key' }).min(1, { message: 'must be the id of the current key' }),
  keys: z.record(z.string(), z.string({ message: 'must be a base64 key' }), { message: 'must be an object { "<key id>": "<base64 key>" }' }),
});

/** The variables read: `process.env`, or a parsed configuration object that carries them. */
export interface CodecEnv {
  CODEC_KEYS?: string | undefined;
  CODEC_KEY_ID?: string | undefined;
  CODEC_KEYS_FILE?: string | undefined;
}

/**
 * The key ring from the environment, or undefined when no key is configured (no encryption).
 * Throws CodecConfigError, naming the variable, for anything malformed.
 */
export function loadCodecKeys(env: CodecEnv = process.env): CodecKeys | undefined {
  const inline = env.CODEC_KEYS?.trim();
  const file = env.CODEC_KEYS_FILE?.trim();
  if (inline && file) throw new CodecConfigError('set CODEC_KEYS or CODEC_KEYS_FILE, not both');
  if (inline) {
    const entries = inline
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((entry): [string, string] => {
        const colon = entry.indexOf(':');
        if (colon <= 0) throw new CodecConfigError('CODEC_KEYS: each entry must be <key id>:<base64 key>, separated by commas');
        return [entry.slice(0, colon).trim(), entry.slice(colon + 1)];
      });
    return ring(entries, env.CODEC_KEY_ID, 'CODEC_KEYS', 'CODEC_KEY_ID');
  }
  if (file) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message.split('\n')[0];
      throw new CodecConfigError(`CODEC_KEYS_FILE=${file}: cannot read it as JSON (${reason})`);
    }
    const parsed = keyFileSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CodecConfigError(`CODEC_KEYS_FILE=${file}: ${issue.path.join('.') || '(file)'} ${issue.message}`);
    }
    // CODEC_KEY_ID, when set, overrides the file's `current` (handy while staging a rotation).
    return ring(Object.entries(parsed.data.keys), env.CODEC_KEY_ID || parsed.data.current, `CODEC_KEYS_FILE=${file}`, env.CODEC_KEY_ID ? 'CODEC_KEY_ID' : `CODEC_KEYS_FILE=${file}: current`);
  }
  if (env.CODEC_KEY_ID) throw new CodecConfigError('CODEC_KEY_ID is set but neither CODEC_KEYS nor CODEC_KEYS_FILE is');
  return undefined;
}

const text = (bytes: Uint8Array | null | undefined): string | undefined => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/** The AES-256-GCM codec over a key ring. */
export class AesGcmCodec implements PayloadCodec {
  constructor(private readonly ring: CodecKeys) {
    if (!ring.keys.has(ring.currentKeyId)) throw new CodecConfigError(`current key "${ring.currentKeyId}" is not in the key ring`);
  }

  get currentKeyId(): string {
    return this.ring.currentKeyId;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encrypt(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decrypt(p));
  }

  encrypt(payload: Payload): Payload {
    const keyId = this.ring.currentKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.ring.keys.get(keyId)!, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING, 'utf8'),
        [KEY_ID_METADATA]: Buffer.from(keyId, 'utf8'),
      },
      data: sealed,
    };
  }

  decrypt(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[KEY_ID_METADATA]);
    if (keyId === undefined) throw new CodecDecryptError(`an encrypted payload has no ${KEY_ID_METADATA} metadata`);
    const key = this.ring.keys.get(keyId);
    if (!key) {
      throw new CodecDecryptError(
        `payload encrypted with key id ${JSON.stringify(keyId.slice(0, 64))}, which is not in the key ring ` +
          `(${[...this.ring.keys.keys()].join(', ')}); add that key to CODEC_KEYS or CODEC_KEYS_FILE to read it`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new CodecDecryptError(`encrypted payload (key id "${keyId}") is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new CodecDecryptError(
        `encrypted payload (key id "${keyId}") failed AES-GCM authentication: it was altered, or encrypted with a different key of that id`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

export function createAesGcmCodec(keys: CodecKeys): AesGcmCodec {
  return new AesGcmCodec(keys);
}

/** Absolute path of the failure converter module (bundled into workflows too). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The data converter for Client, Worker.create, bundleWorkflowCode (its `failureConverterPath`)
 * and TestWorkflowEnvironment (`client: { dataConverter }`): the codec, plus the failure converter
 * with `encodeCommonAttributes: true`, so that failure messages and stack traces go through the
 * codec as well.
 */
export function dataConverterFor(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}
