/**
 * What a photo a client texts in must be before it is kept (issue 16, photo check-ins): a picture
 * of one of a few image types, told by its declared Content-Type AND by its first bytes, of at
 * most PHOTO_MAX_BYTES; fetched only from the hosts Twilio serves media from. Pure rules: the
 * activity that fetches (activities/photos.ts) and the API that serves (app/photos.ts) apply them.
 */

/** The largest picture kept. Twilio accepts up to 5 MB of media per MMS. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** The most pictures one MMS can carry (Twilio's MediaUrl0..9). */
export const PHOTO_MAX_PER_MESSAGE = 10;

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/gif'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** Other names senders give the same types. */
const TYPE_ALIASES: Record<string, PhotoType> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'image/heic-sequence': 'image/heic',
  'image/heif-sequence': 'image/heic',
};

/** The photo type a Content-Type header names (parameters and case ignored), or null. */
export function declaredPhotoType(contentType: string | null | undefined): PhotoType | null {
  const bare = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if ((PHOTO_TYPES as readonly string[]).includes(bare)) return bare as PhotoType;
  return TYPE_ALIASES[bare] ?? null;
}

/** The first bytes a type check needs. */
export const SNIFF_BYTES = 16;

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

const ascii = (bytes: Uint8Array, from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));

/** The photo type the bytes themselves are (their magic numbers), or null for anything else. */
export function sniffedPhotoType(bytes: Uint8Array): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) return 'image/png';
  if (bytes.length >= 6 && (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a')) return 'image/gif';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(bytes, 8, 12))) return 'image/heic';
  return null;
}

export type PhotoCheck = { ok: true; type: PhotoType } | { ok: false; reason: string };

/**
 * A picture is kept when its Content-Type names a photo type and its bytes are one: the type
 * stored (and served) is the bytes' own, so a file is never served as something it is not.
 */
export function checkPhoto(contentType: string | null | undefined, firstBytes: Uint8Array): PhotoCheck {
  const declared = declaredPhotoType(contentType);
  if (!declared) return { ok: false, reason: `not a picture we keep (Content-Type ${JSON.stringify((contentType ?? '').slice(0, 60))}; kept: ${PHOTO_TYPES.join(', ')})` };
  const sniffed = sniffedPhotoType(firstBytes);
  if (!sniffed) return { ok: false, reason: `declared ${declared}, but its bytes are no picture we keep` };
  return { ok: true, type: sniffed };
}

/** Where media may be fetched from: the Twilio API's host, Twilio's media hosts, and loopback only when allowed. */
export interface MediaHostRules {
  /** The host of the configured Twilio API base (api.twilio.com unless TWILIO_API_BASE_URL says otherwise). */
  apiHost: string;
  /** Loopback addresses: the local stack's file server and tests only. */
  allowLoopback: boolean;
}

/** The hosts Twilio redirects media downloads to (its media CDN: mms.twiliocdn.com where the account enforces HTTP auth on media). */
export const TWILIO_MEDIA_HOST_SUFFIXES = ['.twiliocdn.com'] as const;
/**
 * Where an account that does not enforce HTTP auth on media gets redirected: Twilio's media bucket,
 * on a shared S3 host, so only that bucket's path is allowed there, never the rest of the host.
 */
export const TWILIO_MEDIA_BUCKET = { host: 's3-external-1.amazonaws.com', pathPrefix: '/media.twiliocdn.com/' } as const;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Whether a URL's host name is this machine. */
export const isLoopbackHost = (host: string): boolean => LOOPBACK_HOSTS.has(host.toLowerCase());

export type MediaHostVerdict = { ok: true; withCredentials: boolean } | { ok: false; reason: string };

/**
 * Whether a media address may be fetched, and with the account's credentials: those go to the
 * Twilio API's host (and loopback, where allowed) only, never to a CDN or anywhere else.
 */
export function mediaHostVerdict(url: string, rules: MediaHostRules): MediaHostVerdict {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  const host = parsed.hostname.toLowerCase();
  if (parsed.username || parsed.password) return { ok: false, reason: 'a URL with credentials in it' };
  if (isLoopbackHost(host)) {
    return rules.allowLoopback && (parsed.protocol === 'http:' || parsed.protocol === 'https:')
      ? { ok: true, withCredentials: true }
      : { ok: false, reason: `host ${host} is not one media is fetched from` };
  }
  if (parsed.protocol !== 'https:') return { ok: false, reason: `media is fetched over https only (${parsed.protocol})` };
  if (host === rules.apiHost.toLowerCase()) return { ok: true, withCredentials: true };
  if (TWILIO_MEDIA_HOST_SUFFIXES.some((suffix) => host.endsWith(suffix))) return { ok: true, withCredentials: false };
  if (host === TWILIO_MEDIA_BUCKET.host && parsed.pathname.startsWith(TWILIO_MEDIA_BUCKET.pathPrefix)) return { ok: true, withCredentials: false };
  return { ok: false, reason: `host ${host} is not one media is fetched from` };
}

/** What staff can decide about a photo. */
export const PHOTO_REVIEW_OUTCOMES = ['looks-fine', 'call-client'] as const;
export type PhotoReviewOutcome = (typeof PHOTO_REVIEW_OUTCOMES)[number];

/** The longest note kept with a review. */
export const PHOTO_REVIEW_NOTE_MAX = 1000;
