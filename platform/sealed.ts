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
}

export class SealedValueError extends Error {
  override name = 'SealedValueError';
}

export function createSealer(ring: CodecKeys, digestKey: string): Sealer {
  return {
    seal(text) {
      const key = ring.keys.get(ring.currentKeyId)!;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(ring.currentKeyId));
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return `${VERSION}:${ring.currentKeyId}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed) {
      const [version, keyId, data] = sealed.split(':');
      const key = keyId === undefined ? undefined : ring.keys.get(keyId);
      if (version !== VERSION || !key || !data) throw new SealedValueError(`cannot open a sealed value (key ${keyId ?? '?'} not in the ring, or not a sealed value)`);
      const bytes = Buffer.from(data, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId!));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw new SealedValueError('a sealed value was altered, or sealed under another key');
      }
    },
    digest: (text) => createHmac('sha256', digestKey).update(`sealed-digest:${text}`).digest('hex'),
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
};

/** The sealer the configuration allows: both keys set, or one that refuses (SealingNotConfiguredError). */
export function sealerOf(env: CodecEnv & { PHONE_HASH_KEY?: string | undefined }): Sealer {
  const ring = loadCodecKeys(env);
  return ring && env.PHONE_HASH_KEY ? createSealer(ring, env.PHONE_HASH_KEY) : missingSealer;
}
