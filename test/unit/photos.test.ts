/**
 * The photo intake's rules (domain/photo-media.ts) and its activity (activities/photos.ts) with a
 * stand-in fetch: which hosts a picture is fetched from and which get the account's credentials,
 * the size limit while the body streams in, the type by Content-Type and by the bytes, and what
 * is kept, refused or retried. Also the photo check-in message in both languages.
 */
import { ApplicationFailure } from '@temporalio/common';
import { createPhotoActivities, type PhotoIntakePort } from '../../activities/photos';
import { PHOTO_FAILURE, PHOTO_TRANSIENT } from '../../activities/types';
import { photoFetchingOf } from '../../app/photo-fetching';
import { mediaOfMessage } from '../../app/photos';
import { renderClientMessage, type MessageContext } from '../../domain/messages';
import { checkPhoto, mediaHostVerdict, PHOTO_MAX_BYTES, sniffedPhotoType } from '../../domain/photo-media';
import { buildPlan } from '../../domain/plan';
import { smsSegments } from '../../domain/sms-encoding';
import { createSealer } from '../../platform/sealed';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0])]);

describe('the type of a picture', () => {
  it.each([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
    ['GIF', GIF, 'image/gif'],
    ['WebP', WEBP, 'image/webp'],
    ['HEIC', HEIC, 'image/heic'],
  ])('%s is told by its first bytes', (_name, bytes, type) => {
    expect(sniffedPhotoType(bytes)).toBe(type);
  });

  it('needs a picture Content-Type AND picture bytes; stores the type the bytes are', () => {
    expect(checkPhoto('image/jpeg', JPEG)).toEqual({ ok: true, type: 'image/jpeg' });
    expect(checkPhoto('IMAGE/JPG; charset=binary', JPEG)).toEqual({ ok: true, type: 'image/jpeg' });
    expect(checkPhoto('image/heif', HEIC)).toEqual({ ok: true, type: 'image/heic' });
    expect(checkPhoto('image/png', JPEG)).toEqual({ ok: true, type: 'image/jpeg' });
    expect(checkPhoto('text/html', JPEG)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a picture/) });
    expect(checkPhoto('image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toMatchObject({ ok: false });
    expect(checkPhoto(null, JPEG)).toMatchObject({ ok: false });
    expect(checkPhoto('image/jpeg', Buffer.from('<html><script>alert(1)</script>'))).toMatchObject({ ok: false, reason: expect.stringMatching(/bytes/) });
    expect(checkPhoto('image/jpeg', Buffer.alloc(0))).toMatchObject({ ok: false });
  });
});

describe('where media is fetched from', () => {
  const real = { apiHost: 'api.twilio.com', allowLoopback: false };
  it.each([
    ['https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', { ok: true, withCredentials: true }],
    ['https://media.twiliocdn.com/AC1/abc', { ok: true, withCredentials: false }],
    ['https://s3.twiliocdn.com/x', { ok: true, withCredentials: false }],
    // Accounts without HTTP auth on media are redirected to Twilio's bucket on a shared S3 host.
    ['https://s3-external-1.amazonaws.com/media.twiliocdn.com/AC1/abc', { ok: true, withCredentials: false }],
  ])('%s: fetched', (url, verdict) => {
    expect(mediaHostVerdict(url, real)).toEqual(verdict);
  });

  it.each([
    ['http://api.twilio.com/x', /https only/],
    ['https://evil.example.com/x.jpg', /not one media is fetched from/],
    ['https://api.twilio.com.evil.example/x', /not one media is fetched from/],
    ['https://twiliocdn.com.evil.example/x', /not one media is fetched from/],
    ['https://s3-external-1.amazonaws.com/someone-elses-bucket/x.jpg', /not one media is fetched from/],
    ['http://127.0.0.1:8080/x', /not one media is fetched from/],
    ['http://localhost/x', /not one media is fetched from/],
    ['http://[::1]/x', /not one media is fetched from/],
    ['https://user:pw@api.twilio.com/x', /credentials/],
    ['file:///etc/passwd', /https only/],
    ['not a url', /not a URL/],
  ])('%s: refused outside the local stack', (url, reason) => {
    expect(mediaHostVerdict(url, real)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('loopback only where allowed (the local stack, tests)', () => {
    expect(mediaHostVerdict('http://127.0.0.1:5555/media/x', { ...real, allowLoopback: true })).toEqual({ ok: true, withCredentials: true });
  });

  it('the worker allows loopback only without a real Twilio account, or with the Twilio API itself on loopback', () => {
    const clinics = { get: async () => undefined, list: async () => [] };
    const port = { pending: async () => undefined, store: async () => '1', refuse: async () => undefined };
    const account = { TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', TWILIO_API_BASE_URL: undefined };
    expect(photoFetchingOf(account, clinics, port).hosts).toEqual({ apiHost: 'api.twilio.com', allowLoopback: false });
    expect(photoFetchingOf({ TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined, TWILIO_API_BASE_URL: undefined }, clinics, port).hosts.allowLoopback).toBe(true);
    expect(photoFetchingOf({ ...account, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' }, clinics, port).hosts).toEqual({ apiHost: '127.0.0.1', allowLoopback: true });
  });
});

describe('the pictures of an MMS', () => {
  it('reads NumMedia and MediaUrlN / MediaContentTypeN, at most 10', () => {
    const params: Record<string, string> = { NumMedia: '2', MediaUrl0: 'https://api.twilio.com/a', MediaContentType0: 'image/jpeg', MediaUrl1: 'https://api.twilio.com/b' };
    expect(mediaOfMessage((n) => params[n])).toEqual([
      { url: 'https://api.twilio.com/a', contentType: 'image/jpeg' },
      { url: 'https://api.twilio.com/b', contentType: null },
    ]);
    expect(mediaOfMessage((n) => ({ NumMedia: 'lots' })[n])).toEqual([]);
    const many: Record<string, string> = { NumMedia: '50', ...Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`MediaUrl${i}`, `https://api.twilio.com/${i}`])) };
    expect(mediaOfMessage((n) => many[n])).toHaveLength(10);
  });
});

// ---- the activity ---------------------------------------------------------------------------

const API = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1';
const CREDS = { accountSid: `AC${'1'.repeat(32)}`, authToken: 'secret-token' };

function memoryPort(url = API) {
  const state = { pending: true, stored: undefined as { contentType: string; bytes: Uint8Array } | undefined, refused: undefined as string | undefined };
  const port: PhotoIntakePort = {
    pending: async () => (state.pending ? { clinicId: 'northside', url } : undefined),
    store: async (_sid, _i, photo) => {
      state.pending = false;
      state.stored = photo;
      return '41';
    },
    refuse: async (_sid, _i, reason) => {
      state.pending = false;
      state.refused = reason;
    },
  };
  return { port, state };
}

type Answer = { status: number; headers?: Record<string, string>; body?: Uint8Array[] | Uint8Array };
function fakeFetch(answers: Record<string, Answer>) {
  const calls: { url: string; authorization: string | null }[] = [];
  const fn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, authorization: new Headers(init?.headers).get('authorization') });
    const a = answers[url];
    if (!a) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const chunks = a.body === undefined ? [] : Array.isArray(a.body) ? a.body : [a.body];
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled < chunks.length) controller.enqueue(chunks[pulled++]!);
        else controller.close();
      },
    });
    return new Response(a.status >= 300 && a.status < 400 ? null : stream, { status: a.status, headers: a.headers ?? {} });
  }) as typeof fetch;
  return { fn, calls };
}

function activity(answers: Record<string, Answer>, url = API) {
  const { port, state } = memoryPort(url);
  const f = fakeFetch(answers);
  const acts = createPhotoActivities({
    photos: port,
    credentialsFor: async () => CREDS,
    hosts: { apiHost: 'api.twilio.com', allowLoopback: false },
    clock: { now: () => new Date('2026-03-13T15:00:00Z') },
    fetch: f.fn,
  });
  return { acts, state, calls: f.calls };
}

const failureOf = async (p: Promise<unknown>): Promise<ApplicationFailure> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApplicationFailure) return err;
    throw err;
  }
  throw new Error('expected a failure');
};

describe('fetchPhoto', () => {
  const REF = { messageSid: 'MM1', index: 0 };

  it('follows Twilio to its CDN, with the credentials only to the API host, and keeps the picture', async () => {
    const cdn = 'https://media.twiliocdn.com/AC1/ME1?sig=x';
    const { acts, state, calls } = activity({
      [API]: { status: 307, headers: { location: cdn } },
      [cdn]: { status: 200, headers: { 'content-type': 'image/jpeg' }, body: [JPEG.subarray(0, 2), JPEG.subarray(2)] },
    });
    expect(await acts.fetchPhoto(REF)).toEqual({ photoId: '41', size: JPEG.length, contentType: 'image/jpeg' });
    expect(Buffer.from(state.stored!.bytes).equals(JPEG)).toBe(true);
    expect(calls).toEqual([
      { url: API, authorization: `Basic ${Buffer.from(`${CREDS.accountSid}:${CREDS.authToken}`).toString('base64')}` },
      { url: cdn, authorization: null },
    ]);
  });

  it('refuses a redirect to a host media is not fetched from, without fetching it', async () => {
    const { acts, state, calls } = activity({ [API]: { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } } });
    const failure = await failureOf(acts.fetchPhoto(REF));
    expect(failure).toMatchObject({ type: PHOTO_FAILURE.hostRefused, nonRetryable: true });
    expect(calls.map((c) => c.url)).toEqual([API]);
    expect(state.refused).toMatch(/not one media is fetched from|https only/);
  });

  it('stops reading past the limit when no length is announced (streamed), and refuses for good', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 1);
    JPEG.copy(chunk);
    const endless = Array.from({ length: 20 }, () => chunk);
    const { acts, state } = activity({ [API]: { status: 200, headers: { 'content-type': 'image/jpeg' }, body: endless } });
    const failure = await failureOf(acts.fetchPhoto(REF));
    expect(failure).toMatchObject({ type: PHOTO_FAILURE.tooLarge, nonRetryable: true });
    expect(state.stored).toBeUndefined();
    expect(state.refused).toBe(`picture larger than ${PHOTO_MAX_BYTES / (1024 * 1024)}.0 MB`);
  });

  it('refuses an announced length over the limit before reading', async () => {
    const { acts } = activity({ [API]: { status: 200, headers: { 'content-type': 'image/jpeg', 'content-length': String(PHOTO_MAX_BYTES + 1) }, body: JPEG } });
    expect(await failureOf(acts.fetchPhoto(REF))).toMatchObject({ type: PHOTO_FAILURE.tooLarge, nonRetryable: true });
  });

  it('refuses what is not a picture by its type or its bytes, and a 404', async () => {
    const html = activity({ [API]: { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('<html>') } });
    expect(await failureOf(html.acts.fetchPhoto(REF))).toMatchObject({ type: PHOTO_FAILURE.wrongType, nonRetryable: true });
    const liar = activity({ [API]: { status: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from('MZ\x90\x00 an executable') } });
    expect(await failureOf(liar.acts.fetchPhoto(REF))).toMatchObject({ type: PHOTO_FAILURE.wrongType, nonRetryable: true });
    expect(liar.state.refused).toBeDefined();
    const gone = activity({ [API]: { status: 404 } });
    expect(await failureOf(gone.acts.fetchPhoto(REF))).toMatchObject({ type: PHOTO_FAILURE.notFound, nonRetryable: true });
  });

  it('retries a network error, a server error and a refused login, keeping the picture pending', async () => {
    for (const answers of [{}, { [API]: { status: 503 } }, { [API]: { status: 401 } }, { [API]: { status: 429 } }] as Record<string, Answer>[]) {
      const { acts, state } = activity(answers);
      expect(await failureOf(acts.fetchPhoto(REF))).toMatchObject({ type: PHOTO_TRANSIENT.fetchFailed, nonRetryable: false });
      expect(state.pending).toBe(true);
    }
  });

  it('a picture no longer waiting (kept already, by an earlier attempt) is not fetched again', async () => {
    const { acts, state, calls } = activity({ [API]: { status: 200, headers: { 'content-type': 'image/jpeg' }, body: JPEG } });
    state.pending = false;
    expect(await failureOf(acts.fetchPhoto(REF))).toMatchObject({ type: PHOTO_FAILURE.notPending, nonRetryable: true });
    expect(calls).toEqual([]);
  });

  it('never names the media address in a failure', async () => {
    const secretUrl = 'https://evil.example.com/client-alex-5551234.jpg';
    const { acts } = activity({}, secretUrl);
    const failure = await failureOf(acts.fetchPhoto(REF));
    expect(failure.message).not.toContain('client-alex');
  });
});

describe('sealed bytes', () => {
  const sealer = createSealer({ currentKeyId: 'k1', keys: new Map([['k1', Buffer.alloc(32, 3)]]) }, 'digest-key-0123456789abcdef');
  it('round-trip, without the picture in clear, and refuse an altered value', () => {
    const sealed = sealer.sealBytes(JPEG);
    expect(sealed.includes(JPEG)).toBe(false);
    expect(sealer.openBytes(sealed).equals(JPEG)).toBe(true);
    const altered = Buffer.from(sealed);
    altered[altered.length - 1]! ^= 1;
    expect(() => sealer.openBytes(altered)).toThrow(/altered/);
    expect(() => sealer.openBytes(JPEG)).toThrow(/cannot open/);
  });
});

// ---- the photo check-in message ---------------------------------------------------------------

describe('the photo check-in message', () => {
  const plan = buildPlan({
    sessionAt: '2026-03-06T15:00:00-05:00',
    timezone: 'America/New_York',
    sessionNumber: 1,
    plannedSessions: 3,
    sendTime: '10:00',
    window: { start: '09:00', end: '20:00' },
    enrolledAt: '2026-03-06T15:00:00-05:00',
    photoCheckIns: true,
  });
  const ctx = (overrides: Partial<MessageContext> = {}): MessageContext => ({
    clientFirstName: 'Maximiliano-Alexander',
    clinic: { name: 'Northside Scalp Micropigmentation Studio', phone: '+12125550147', bookingUrl: 'https://book.example-clinic.com/northside-smp/session?ref=abc123XYZ' },
    clientRegion: 'US-NY',
    sessionNumber: 1,
    plannedSessions: 3,
    timezone: 'America/New_York',
    currentPhase: 'days-5-7',
    plan,
    ...overrides,
  });

  it('is planned on day 7 and day 14 at the send time, only when the clinic asks for photos', () => {
    expect(plan.filter((s) => s.step.startsWith('photo-')).map((s) => [s.step, s.day, s.local])).toEqual([
      ['photo-day-7', 7, '2026-03-13T10:00:00-04:00'],
      ['photo-day-14', 14, '2026-03-20T10:00:00-04:00'],
    ]);
    const without = buildPlan({ ...{ sessionAt: '2026-03-06T15:00:00-05:00', timezone: 'America/New_York', sessionNumber: 1, plannedSessions: 3, sendTime: '10:00', window: { start: '09:00', end: '20:00' }, enrolledAt: '2026-03-06T15:00:00-05:00' } });
    expect(without.some((s) => s.step.startsWith('photo-'))).toBe(false);
  });

  it.each([
    ['en', 'photo-day-7', /photo/, /no sun/],
    ['en', 'photo-day-14', /photo/, /scabs/],
    ['es', 'photo-day-7', /foto/, /sol/],
    ['es', 'photo-day-14', /foto/, /costras/],
  ] as const)('%s %s: asks for a clear, well-lit photo by text, with the day\'s care, in at most the SMS limit, GSM-7', (locale, step, ask, care) => {
    for (const hasEmail of [true, false]) {
      const m = renderClientMessage(step, ctx({ locale, hasEmail }));
      expect(m.sms).toMatch(ask);
      expect(m.sms).toMatch(care);
      const info = smsSegments(m.sms);
      expect(info.encoding).toBe('GSM-7');
      expect(info.segments).toBeLessThanOrEqual(3);
      expect(m.email.text).toMatch(locale === 'en' ? /Reply to our text message with the photo/ : /Responde a nuestro mensaje de texto con la foto/);
      expect(m.email.text).toMatch(locale === 'en' ? /well lit/ : /bien iluminada/);
    }
  });

  it('greets in the client\'s language and keeps the clinic first', () => {
    const es = renderClientMessage('photo-day-7', ctx({ locale: 'es', clinic: { ...ctx().clinic, name: 'Northside' }, clientFirstName: 'Ana' }));
    expect(es.sms.startsWith('Northside: ¡Hola, Ana! ')).toBe(true);
    expect(es.email.text.startsWith('Hola, Ana:')).toBe(true);
    expect(es.email.subject).toBe('Northside: ¿cómo va tu cuero cabelludo? Envíanos una foto');
  });
});
