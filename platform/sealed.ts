/**
 * Personal data kept at rest (a person's email and name, and later clients' texts) is sealed with
 * AES-256-GCM under the codec key ring, so the key that protects Temporal payloads protects these
 * too and rotates the same way: new values use the current key, every key in the ring still opens.
 * What must be looked up (an email at sign-in) also gets a keyed digest, under PHONE_HASH_KEY, the
 * key that already makes the phone hash; a digest does not change when the ring rotates.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { loadCodecKeys, type CodecEnv, type CodecKeys } from './codec/aes-gcm-codec';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface Sealer {
  seal(text: string): string;
  /** Throws for an altered value or one sealed under a key no longer in the ring. */
  open(sealed: string): string;
  /** Keyed digest for look-ups: the same text always gives the same digest. */
  digest(text: string): string;
  /** Bytes (a client's photo) sealed as bytes: `v1:<key id>:` then IV, tag and ciphertext, no base64 growth. */
  sealBytes(bytes: Uint8Array): Buffer;
  /** Throws as `open` does. */
  openBytes(sealed: Uint8Array): Buffer;
}

export class SealedValueError extends Error {
  override name = 'SealedValueError';
}

/** IV, tag and ciphertext of `plain` under the ring's current key. */
function encrypt(ring: CodecKeys, plain: Uint8Array): Buffer {
  const key = ring.keys.get(ring.currentKeyId)!;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(ring.currentKeyId));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function decrypt(ring: CodecKeys, version: string | undefined, keyId: string | undefined, bytes: Buffer | undefined): Buffer {
  const key = keyId === undefined ? undefined : ring.keys.get(keyId);
  if (version !== VERSION || !key || !bytes || bytes.length < IV_BYTES + TAG_BYTES) {
    throw new SealedValueError(`cannot open a sealed value (key ${keyId ?? '?'} not in the ring, or not a sealed value)`);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(keyId!));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealedValueError('a sealed value was altered, or sealed under another key');
  }
}

/** How far into sealed bytes the `v1:<key id>:` header may reach (key ids are short). */
const HEADER_MAX = 80;

export function createSealer(ring: CodecKeys, digestKey: string): Sealer {
  return {
    seal: (text) => `${VERSION}:${ring.currentKeyId}:${encrypt(ring, Buffer.from(text, 'utf8')).toString('base64url')}`,
    open(sealed) {
      const [version, keyId, data] = sealed.split(':');
      return decrypt(ring, version, keyId, data ? Buffer.from(data, 'base64url') : undefined).toString('utf8');
    },
    digest: (text) => createHmac('sha256', digestKey).update(`sealed-digest:${text}`).digest('hex'),
    sealBytes: (bytes) => Buffer.concat([Buffer.from(`${VERSION}:${ring.currentKeyId}:`, 'ascii'), encrypt(ring, bytes)]),
    openBytes(sealed) {
      const all = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      const first = all.indexOf(':');
      const second = first < 0 ? -1 : all.indexOf(':', first + 1);
      if (first < 0 || second < 0 || second > HEADER_MAX) return decrypt(ring, undefined, undefined, undefined);
      return decrypt(ring, all.subarray(0, first).toString('ascii'), all.subarray(first + 1, second).toString('ascii'), all.subarray(second + 1));
    },
  };
}

/** Sealing needs both keys; without them, anything that stores personal data says so. */
export class SealingNotConfiguredError extends Error {
  override name = 'SealingNotConfiguredError';
  constructor() {
    super('people cannot be stored without CODEC_KEYS (or CODEC_KEYS_FILE) and PHONE_HASH_KEY: set both');
  }
}

const missingSealer: Sealer = {
  seal: () => {
    throw new SealingNotConfiguredError();
  },
  open: () => {
    throw new SealingNotConfiguredError();
  },
  digest: () => {
    throw new SealingNotConfiguredError();
  },
  sealBytes: () => {
    throw new SealingNotConfiguredError();
  },
  openBytes: () => {
    throw new SealingNotConfiguredError();
  },
};

/** The sealer the configuration allows: both keys set, or one that refuses (SealingNotConfiguredError). */
export function sealerOf(env: CodecEnv & { PHONE_HASH_KEY?: string | undefined }): Sealer {
  const ring = loadCodecKeys(env);
  return ring && env.PHONE_HASH_KEY ? createSealer(ring, env.PHONE_HASH_KEY) : missingSealer;
}
