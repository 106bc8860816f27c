/**
 * The photo intake's activities (workflows/photo-intake.ts): fetch one picture of a client's MMS
 * from Twilio with the account's credentials, check it (domain/photo-media.ts: the host, the
 * size while it streams in, the type by Content-Type and by its first bytes) and keep it sealed
 * through the photo port. They return ids and counts only: neither the picture nor its address
 * ever enters Temporal's history, and failures name the reason, never the address.
 *
 * A picture that can never be kept (too large, not a picture, gone, on a host we do not fetch
 * from) is marked refused and fails non-retryably; a network error or a server error is retried.
 */
import { ApplicationFailure } from '@temporalio/common';
import { checkPhoto, mediaHostVerdict, PHOTO_MAX_BYTES, SNIFF_BYTES, type MediaHostRules } from '../domain/photo-media';
import { activityLog, errorCode, heartbeat, redact, type ActivityLog } from './errors';
import { PHOTO_FAILURE, PHOTO_TRANSIENT, type Clock } from './types';

/** The part of the photo store (platform/photos.ts) the activities use. */
export interface PhotoIntakePort {
  pending(messageSid: string, index: number): Promise<{ clinicId: string; url: string } | undefined>;
  store(messageSid: string, index: number, photo: { contentType: string; bytes: Uint8Array; at: Date }): Promise<string>;
  refuse(messageSid: string, index: number, reason: string): Promise<void>;
}

export interface BasicCredentials {
  accountSid: string;
  authToken: string;
}

export interface PhotoIntakeDeps {
  photos: PhotoIntakePort;
  /** The Twilio account whose media these are: the clinic's sub-account, else the platform's; none in the local stack. */
  credentialsFor(clinicId: string): Promise<BasicCredentials | undefined>;
  hosts: MediaHostRules;
  clock: Clock;
  fetch?: typeof fetch;
  maxBytes?: number;
  /** One request's deadline (each redirect included). Default 20 s. */
  timeoutMs?: number;
  log?: ActivityLog;
}

export interface PhotoRef {
  messageSid: string;
  index: number;
}

/** Twilio redirects a media URL once (to its CDN); more than this is a loop or a trick. */
const MAX_REDIRECTS = 3;

/** Sizes in failures as megabytes: a long run of digits would be masked as a phone number. */
const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

const permanent = (type: string, message: string) => ApplicationFailure.create({ type, message: redact(message), nonRetryable: true });
const transient = (type: string, message: string) => ApplicationFailure.create({ type, message: redact(message), nonRetryable: false });

/** Reads a body to its end, or throws PhotoTooLarge as soon as it passes `max` bytes. */
async function readAtMost(body: ReadableStream<Uint8Array>, max: number, abort: () => void): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      abort();
      await reader.cancel().catch(() => undefined);
      throw permanent(PHOTO_FAILURE.tooLarge, `picture larger than ${megabytes(max)}`);
    }
    chunks.push(value);
    heartbeat({ bytes: size });
  }
  return Buffer.concat(chunks);
}

export function createPhotoActivities(deps: PhotoIntakeDeps) {
  const doFetch = deps.fetch ?? fetch;
  const max = deps.maxBytes ?? PHOTO_MAX_BYTES;
  const timeoutMs = deps.timeoutMs ?? 20_000;

  /** Follows redirects by hand, each hop checked against the hosts; credentials only where the verdict allows. */
  async function download(url: string, credentials: BasicCredentials | undefined): Promise<{ contentType: string | null; bytes: Buffer }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let at = url;
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        const verdict = mediaHostVerdict(at, deps.hosts);
        if (!verdict.ok) throw permanent(PHOTO_FAILURE.hostRefused, `media not fetched: ${verdict.reason}`);
        const headers: Record<string, string> = { accept: 'image/*' };
        if (verdict.withCredentials && credentials) headers.authorization = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`;
        let res: Response;
        try {
          res = await doFetch(at, { redirect: 'manual', headers, signal: controller.signal });
        } catch (err) {
          const code = errorCode((err as { cause?: unknown }).cause) ?? errorCode(err) ?? (controller.signal.aborted ? 'timed out' : 'network error');
          throw transient(PHOTO_TRANSIENT.fetchFailed, `media fetch failed: ${code}`);
        }
        if (res.status >= 300 && res.status < 400) {
          const location = res.headers.get('location');
          await res.body?.cancel().catch(() => undefined);
          if (!location) throw transient(PHOTO_TRANSIENT.fetchFailed, `redirect ${res.status} without a Location`);
          at = new URL(location, at).toString();
          continue;
        }
        if (res.status === 404 || res.status === 410) throw permanent(PHOTO_FAILURE.notFound, `media gone (HTTP ${res.status})`);
        if (!res.ok || !res.body) {
          await res.body?.cancel().catch(() => undefined);
          // 401/403: credentials to fix; 429 and 5xx: Twilio busy. All worth another try.
          throw transient(PHOTO_TRANSIENT.fetchFailed, `media fetch answered HTTP ${res.status}`);
        }
        const declared = Number(res.headers.get('content-length') ?? 'NaN');
        if (Number.isFinite(declared) && declared > max) {
          controller.abort();
          throw permanent(PHOTO_FAILURE.tooLarge, `picture of ${megabytes(declared)}, larger than ${megabytes(max)}`);
        }
        return { contentType: res.headers.get('content-type'), bytes: await readAtMost(res.body, max, () => controller.abort()) };
      }
      throw permanent(PHOTO_FAILURE.hostRefused, `more than ${MAX_REDIRECTS} redirects`);
    } catch (err) {
      if (err instanceof ApplicationFailure) throw err;
      throw transient(PHOTO_TRANSIENT.fetchFailed, `media fetch failed: ${controller.signal.aborted ? 'timed out' : (errorCode(err) ?? 'network error')}`);
    } finally {
      clearTimeout(timer);
    }
  }

  const guarded = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ApplicationFailure) throw err;
      throw transient(PHOTO_TRANSIENT.storeUnavailable, `${what}: ${err instanceof Error ? err.message : 'unknown error'}`);
    }
  };

  return {
    /** Fetches, checks and keeps one picture; its id and size. */
    async fetchPhoto(ref: PhotoRef): Promise<{ photoId: string; size: number; contentType: string }> {
      const log = activityLog(deps.log);
      const pending = await guarded('photo store unreadable', () => deps.photos.pending(ref.messageSid, ref.index));
      if (!pending) throw permanent(PHOTO_FAILURE.notPending, `no picture ${ref.index} of this message waits to be fetched`);
      const credentials = await guarded('clinic unreadable', () => deps.credentialsFor(pending.clinicId));
      let got: { contentType: string | null; bytes: Buffer };
      try {
        got = await download(pending.url, credentials);
      } catch (err) {
        if (err instanceof ApplicationFailure && err.nonRetryable) {
          await guarded('photo store unwritable', () => deps.photos.refuse(ref.messageSid, ref.index, err.message));
          log.warn('photo refused', { messageSid: ref.messageSid, index: ref.index, type: err.type ?? null });
        }
        throw err;
      }
      const check = checkPhoto(got.contentType, got.bytes.subarray(0, SNIFF_BYTES));
      if (!check.ok) {
        await guarded('photo store unwritable', () => deps.photos.refuse(ref.messageSid, ref.index, check.reason));
        log.warn('photo refused', { messageSid: ref.messageSid, index: ref.index, type: PHOTO_FAILURE.wrongType });
        throw permanent(PHOTO_FAILURE.wrongType, check.reason);
      }
      const photoId = await guarded('photo store unwritable', () => deps.photos.store(ref.messageSid, ref.index, { contentType: check.type, bytes: got.bytes, at: deps.clock.now() }));
      log.info('photo kept', { messageSid: ref.messageSid, index: ref.index, photoId, size: got.bytes.byteLength, contentType: check.type });
      return { photoId, size: got.bytes.byteLength, contentType: check.type };
    },

    /** Gives a picture up after its retries ran out (the reason names the failure type only). */
    async refusePhoto(ref: PhotoRef & { reason: string }): Promise<void> {
      await guarded('photo store unwritable', () => deps.photos.refuse(ref.messageSid, ref.index, ref.reason));
    },
  };
}

export type PhotoActivities = ReturnType<typeof createPhotoActivities>;
