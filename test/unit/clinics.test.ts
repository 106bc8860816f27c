import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClinicsFileError, getClinic, loadClinics, parseClinics, UnknownClinicError } from '../../platform/clinics';
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
