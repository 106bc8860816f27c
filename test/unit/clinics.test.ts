import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseClinic } from '../../app/clinics';
import { InvalidInputError } from '../../app/errors';
import { mergePatch } from '../../domain/clinic-schema';
import { MIN_SEND_MINUTES } from '../../domain/window';
import { ClinicsFileError, getClinic, loadClinics, parseClinics, readClinicsFile, UnknownClinicError } from '../../platform/clinics';
import { loadConfig } from '../../platform/config';

const valid = {
  name: 'Test Clinic',
  phone: '+12125550111',
  email: 'desk@test-clinic.example.com',
  bookingUrl: 'https://test-clinic.example.com/book',
};

function errorOf(raw: unknown): string {
  try {
    parseClinics(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ClinicsFileError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(raw)} to be rejected`);
}

function writeTemp(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'clinics-')), 'clinics.json');
  writeFileSync(file, text);
  return file;
}

describe('clinics file', () => {
  it('loads the example file that the default CLINICS_FILE points at', () => {
    const clinics = loadClinics(loadConfig({}).CLINICS_FILE);
    expect([...clinics.keys()].sort()).toEqual(['harbour', 'northside']);
    for (const clinic of clinics.values()) {
      expect(clinic.phone).toMatch(/^\+1[2-9]\d{2}55501\d{2}$/);
      expect(clinic.email).toMatch(/\.example\.com$/);
      expect(new URL(clinic.bookingUrl).hostname).toMatch(/\.example\.com$/);
    }
  });

  it('fills in the defaults and parses the window', () => {
    const clinics = parseClinics({ 'test-clinic': valid });
    expect(getClinic(clinics, 'test-clinic')).toEqual({
      id: 'test-clinic',
      ...valid,
      sendTime: '10:00',
      window: { start: '09:00', end: '20:00' },
      plannedSessions: 3,
    });
  });

  it('keeps given send time, window and planned sessions', () => {
    const clinic = getClinic(parseClinics({ c1: { ...valid, sendTime: '07:45', window: '07:30-18:00', plannedSessions: 4 } }), 'c1');
    expect(clinic).toMatchObject({ sendTime: '07:45', window: { start: '07:30', end: '18:00' }, plannedSessions: 4 });
  });

  it.each([
    [{ ...valid, sendTime: '8:00' }, /clinic 'c1' sendTime: must be a 24-hour time HH:MM/],
    [{ ...valid, sendTime: '24:00' }, /clinic 'c1' sendTime: must be a 24-hour time HH:MM/],
    [{ ...valid, window: '9-20' }, /clinic 'c1' window: must be HH:MM-HH:MM/],
    [{ ...valid, window: '09:00-25:00' }, /clinic 'c1' window: must be HH:MM-HH:MM/],
    [{ ...valid, window: '20:00-09:00' }, /clinic 'c1' window: start 20:00 must be before end 09:00/],
    [{ ...valid, window: '10:00-10:00' }, /clinic 'c1' window: start 10:00 must be before end 10:00/],
    [{ ...valid, window: { start: '09:00', end: '20:00' } }, /clinic 'c1' window: must be HH:MM-HH:MM/],
    [{ ...valid, sendTime: '08:30' }, /clinic 'c1' sendTime: send time 08:30 is outside the sending window 09:00-20:00/],
    [{ ...valid, sendTime: '20:00' }, /clinic 'c1' sendTime: send time 20:00 is outside the sending window 09:00-20:00/],
    [{ ...valid, plannedSessions: 0 }, /clinic 'c1' plannedSessions: must be a whole number from 1 to 50/],
    [{ ...valid, plannedSessions: 2.5 }, /clinic 'c1' plannedSessions: must be a whole number/],
    [{ ...valid, name: '  ' }, /clinic 'c1' name: must be the clinic name/],
    [{ ...valid, phone: '555-0100' }, /clinic 'c1' phone: must be in international E\.164 form/],
    [{ ...valid, email: 'front desk' }, /clinic 'c1' email: must be an email address/],
    [{ ...valid, bookingUrl: 'test-clinic.example.com/book' }, /clinic 'c1' bookingUrl: must be an http:\/\/ or https:\/\/ URL/],
    [{ ...valid, bookingURL: 'https://x.example.com' }, /clinic 'c1': unknown field\(s\) bookingURL/],
    [{ name: 'Only a name' }, /clinic 'c1' phone: .*clinic 'c1' email: .*clinic 'c1' bookingUrl: /],
  ])('rejects %j naming the clinic and field', (clinic, message) => {
    expect(errorOf({ c1: clinic })).toMatch(message);
  });

  it.each(['Northside', 'north_side', '-north', 'a'.repeat(41), 'north side'])('rejects the clinic id %j', (id) => {
    expect(errorOf({ [id]: valid })).toMatch(new RegExp(`clinic id '${id.replace(/[-]/g, '\\-')}': must be lowercase letters, digits and dashes`));
  });

  it('accepts ids up to 40 characters of lowercase letters, digits and dashes', () => {
    const id = `a${'-b'.repeat(19)}9`;
    expect(id).toHaveLength(40);
    expect(parseClinics({ [id]: valid, '0clinic': valid }).size).toBe(2);
  });

  it('rejects files that are not an object of clinics', () => {
    expect(errorOf([valid])).toMatch(/must be a JSON object keyed by clinic id/);
    expect(errorOf({})).toMatch(/no clinics defined/);
    expect(errorOf({ c1: 'Northside' })).toMatch(/clinic 'c1'/);
  });

  it('names the file when it is missing or not JSON', () => {
    expect(() => loadClinics('/nonexistent/clinics.json')).toThrow(/cannot read clinics file \/nonexistent\/clinics.json: ENOENT/);
    const broken = writeTemp('{ "c1": ');
    expect(() => loadClinics(broken)).toThrow(new RegExp(`clinics file ${broken} is not valid JSON`));
    const bad = writeTemp(JSON.stringify({ c1: { ...valid, window: '21:00-08:00' } }));
    expect(() => loadClinics(bad)).toThrow(new RegExp(`clinics file ${bad}: clinic 'c1' window: start 21:00 must be before end 08:00`));
  });

  it('getClinic throws a clear error for an unknown clinic', () => {
    const clinics = parseClinics({ northside: valid, harbour: valid });
    expect(() => getClinic(clinics, 'southside')).toThrow(UnknownClinicError);
    expect(() => getClinic(clinics, 'southside')).toThrow("unknown clinic 'southside' (known clinics: northside, harbour)");
  });
});

describe('clinic profile (domain/clinic-schema.ts, as the API and the CLI check it)', () => {
  const profile = { id: 'eastgate', ...valid };

  /** The issues of a refused profile, by path. */
  function issuesOf(raw: unknown): Record<string, string> {
    try {
      parseClinic(raw);
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidInputError);
      return Object.fromEntries((err as InvalidInputError).issues.map((i) => [i.path, i.message]));
    }
    throw new Error(`expected ${JSON.stringify(raw)} to be refused`);
  }

  it('fills in every default: send time, window, sessions, language, photo check-ins, touch-up, sender, active', () => {
    expect(parseClinic(profile)).toEqual({
      ...profile,
      sendTime: '10:00',
      window: { start: '09:00', end: '20:00' },
      plannedSessions: 3,
      defaultLocale: 'en',
      photoCheckIns: false,
      touchUpIntervalMonths: 18,
      sms: { ratePerSecond: 1 },
      active: true,
    });
  });

  it('keeps what is given, the language in its canonical form', () => {
    const full = {
      ...profile,
      sendTime: '09:00',
      window: '09:00-10:00',
      plannedSessions: 6,
      onCallPhone: '+12125550148',
      defaultLocale: 'es-mx',
      reviewUrl: 'https://eastgate.example.com/review',
      photoCheckIns: true,
      touchUpIntervalMonths: 60,
      sms: { from: 'Eastgate', ratePerSecond: 0.5 },
      emailFrom: 'Eastgate Studio <desk@eastgate.example.com>',
      replyTo: 'care@eastgate.example.com',
      active: false,
    };
    expect(parseClinic(full)).toEqual({ ...full, window: { start: '09:00', end: '10:00' }, defaultLocale: 'es-MX' });
    const subAccount = { messagingServiceSid: `MG${'ab'.repeat(16)}`, accountSid: `AC${'cd'.repeat(16)}`, authTokenEnv: 'TWILIO_AUTH_TOKEN_EASTGATE', ratePerSecond: 30 };
    expect(parseClinic({ ...profile, sms: subAccount }).sms).toEqual(subAccount);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['a number no country uses', { phone: '+999999999999999' }, 'phone', /country code no country uses/],
    ['area code 555', { onCallPhone: '+15550104477' }, 'onCallPhone', /not a number in use under country code \+1/],
    ['a one-minute window', { window: '00:00-00:01' }, 'window', /00:00-00:01 is only 1 minute wide: a sending window must be at least 60 minutes/],
    ['a window across midnight', { window: '22:00-06:00' }, 'window', /start 22:00 must be before end 06:00 \(a window may not cross midnight\)/],
    ['a send time that leaves no room', { sendTime: '19:30' }, 'sendTime', /send time 19:30 leaves only 30 minutes before the sending window 09:00-20:00 closes: it must be at least 60 minutes before 20:00/],
    ['a send time outside the window', { sendTime: '08:00' }, 'sendTime', /send time 08:00 is outside the sending window 09:00-20:00/],
    ['a language that is no tag', { defaultLocale: 'english' }, 'defaultLocale', /BCP 47/],
    ['a language no message is written in', { defaultLocale: 'pt-BR' }, 'defaultLocale', /must be a language the messages are written in: en, es/],
    ['French', { defaultLocale: 'fr' }, 'defaultLocale', /en, es \(a regional tag such as es-MX is fine\)/],
    ['a touch-up in days', { touchUpIntervalMonths: 1.5 }, 'touchUpIntervalMonths', /whole number of months from 1 to 60/],
    ['a touch-up too far', { touchUpIntervalMonths: 61 }, 'touchUpIntervalMonths', /from 1 to 60/],
    ['photo check-ins as text', { photoCheckIns: 'yes' }, 'photoCheckIns', /true or false/],
    ['no rate', { sms: { ratePerSecond: 0 } }, 'sms.ratePerSecond', /from 0.01 to 10000/],
    ['a rate as text', { sms: { ratePerSecond: '5' } }, 'sms.ratePerSecond', /texts per second/],
    ['both senders', { sms: { from: '+12125550149', messagingServiceSid: `MG${'ab'.repeat(16)}` } }, 'sms.messagingServiceSid', /not both/],
    ['a short service SID', { sms: { messagingServiceSid: 'MG123' } }, 'sms.messagingServiceSid', /MG followed by 32 hex digits/],
    ['a sub-account without its token variable', { sms: { from: '+12125550149', accountSid: `AC${'cd'.repeat(16)}` } }, 'sms.authTokenEnv', /required with accountSid/],
    ['a token variable without its sub-account', { sms: { from: '+12125550149', authTokenEnv: 'TOKEN' } }, 'sms.accountSid', /required with authTokenEnv/],
    ['a sub-account without a sender', { sms: { accountSid: `AC${'cd'.repeat(16)}`, authTokenEnv: 'TOKEN' } }, 'sms.from', /needs its own sender/],
    ['the token itself', { sms: { accountSid: `AC${'cd'.repeat(16)}`, from: '+12125550149', authTokenEnv: '0123456789abcdef0123456789abcdef' } }, 'sms.authTokenEnv', /never the token itself/],
    ['a sender that is neither', { sms: { from: '12125550149' } }, 'sms.from', /E\.164 form .* or an alphanumeric sender ID/],
    ['an unknown sender field', { sms: { token: 'x' } }, 'sms', /unknown field\(s\): token/],
    ['a From without an address', { emailFrom: 'Eastgate <nowhere>' }, 'emailFrom', /email address, or `Name <address>`/],
    ['a Reply-To that is no address', { replyTo: 'front desk' }, 'replyTo', /must be an email address/],
    ['a review link by FTP', { reviewUrl: 'ftp://eastgate.example.com/review' }, 'reviewUrl', /http:\/\/ or https:\/\//],
    ['markup in the name', { name: 'Eastgate <b>Studio</b>' }, 'name', /markup or control characters/],
    ['a name that reads reversed', { name: 'Eastgate \u202Eoiduts' }, 'name', /bidirectional control characters/],
    ['a name wrapped in an isolate', { name: '\u2068Eastgate\u2069' }, 'name', /bidirectional control characters/],
    ['a name of zero-width spaces', { name: '\u200B\u200B' }, 'name', /visible characters/],
    ['an id in capitals', { id: 'EastGate' }, 'id', /lowercase letters, digits and dashes/],
  ])('refuses %s, naming %s', (_what, change, path, message) => {
    expect(issuesOf({ ...profile, ...change })).toEqual({ [path]: expect.stringMatching(message) });
  });

  it('takes a window of exactly the minimum, sending at its opening', () => {
    expect(MIN_SEND_MINUTES).toBe(60);
    expect(parseClinic({ ...profile, window: '09:00-10:00', sendTime: '09:00' }).window).toEqual({ start: '09:00', end: '10:00' });
    expect(issuesOf({ ...profile, window: '09:00-10:00', sendTime: '09:01' })).toEqual({ sendTime: expect.stringMatching(/leaves only 59 minutes/) });
  });

  it('the examples file has every clinic with its sender and Reply-To', () => {
    for (const clinic of readClinicsFile(loadConfig({}).CLINICS_FILE)) {
      expect(clinic.sms.ratePerSecond).toBeGreaterThan(0);
      expect(clinic.replyTo).toBe(clinic.email);
      expect(clinic.defaultLocale).toBe('en');
    }
  });
});

describe('mergePatch (how a change meets the current profile)', () => {
  it('replaces what is given, removes what is null, merges objects field by field', () => {
    const current = { name: 'A', onCallPhone: '+12125550148', sms: { from: '+12125550149', ratePerSecond: 1 } };
    expect(mergePatch(current, { name: 'B', onCallPhone: null, sms: { ratePerSecond: 3 } })).toEqual({ name: 'B', sms: { from: '+12125550149', ratePerSecond: 3 } });
    expect(mergePatch(current, { sms: null })).toEqual({ name: 'A', onCallPhone: '+12125550148' });
    expect(current).toEqual({ name: 'A', onCallPhone: '+12125550148', sms: { from: '+12125550149', ratePerSecond: 1 } });
  });

  it('keeps a `__proto__` key of a parsed body a plain field, which the schema then refuses', () => {
    const merged = mergePatch({ ...valid, id: 'eastgate' }, JSON.parse('{"__proto__": {"onCallPhone": "+12125550148"}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(() => parseClinic(merged)).toThrow(/unknown field\(s\): __proto__/);
  });
});
