/** The API's clinic reads (platform/cached-clinics.ts): remembered for a moment, never past a write of its own. */
import { clinicRecord } from '../../dev/clinics';
import type { Clinic, ClinicProfile } from '../../domain/clinic';
import { CachedClinicStore, CLINIC_READ_FRESH_MS } from '../../platform/cached-clinics';
import type { ClinicFields, ClinicStore, ImportResult } from '../../platform/clinics';

const northside = (): ClinicProfile => ({
  id: 'northside',
  name: 'Northside Studio',
  phone: '+12125550111',
  email: 'desk@northside.example.com',
  bookingUrl: 'https://northside.example.com/book',
  sendTime: '10:00',
  window: { start: '09:00', end: '20:00' },
  plannedSessions: 3,
});

/** A store in memory that counts its reads, as another process's changes would reach the database. */
class CountingStore implements ClinicStore {
  reads = 0;
  readonly rows = new Map<string, Clinic>();
  async get(id: string) {
    this.reads++;
    // The row as it was when the read began, answered a moment later.
    const row = this.rows.get(id);
    await Promise.resolve();
    return row && { ...row };
  }
  async list() {
    return [...this.rows.values()];
  }
  async add(c: ClinicFields) {
    const clinic = clinicRecord(c, c);
    this.rows.set(c.id, clinic);
    return clinic;
  }
  async update(id: string, change: (current: Clinic) => ClinicFields) {
    const fields = change(this.rows.get(id)!);
    const clinic = clinicRecord(fields, fields);
    this.rows.set(id, clinic);
    return clinic;
  }
  async addMissing(): Promise<ImportResult> {
    return { added: [], skipped: [] };
  }
}

function setUp() {
  const store = new CountingStore();
  store.rows.set('northside', clinicRecord(northside()));
  let now = 1_000_000;
  const cached = new CachedClinicStore(store, () => now);
  return { store, cached, later: (ms: number) => (now += ms) };
}

describe('CachedClinicStore', () => {
  it('reads a clinic once for a burst of requests, and again once the moment has passed', async () => {
    const { store, cached, later } = setUp();
    const all = await Promise.all(Array.from({ length: 16 }, () => cached.get('northside')));
    expect(all.every((c) => c?.id === 'northside')).toBe(true);
    expect(store.reads).toBe(1);
    later(CLINIC_READ_FRESH_MS - 1);
    await cached.get('northside');
    expect(store.reads).toBe(1);
    later(1);
    await cached.get('northside');
    expect(store.reads).toBe(2);
  });

  it('sees a change made through it at once', async () => {
    const { cached } = setUp();
    expect((await cached.get('northside'))?.active).toBe(true);
    await cached.update('northside', (c) => ({ ...c, active: false }));
    expect((await cached.get('northside'))?.active).toBe(false);
  });

  it('does not keep a read that began before a change made through it', async () => {
    const { cached } = setUp();
    const before = cached.get('northside');
    await cached.update('northside', (c) => ({ ...c, name: 'Renamed' }));
    await before;
    expect((await cached.get('northside'))?.name).toBe('Renamed');
  });

  it("sees another process's change within CLINIC_READ_FRESH_MS", async () => {
    const { store, cached, later } = setUp();
    await cached.get('northside');
    store.rows.set('northside', { ...store.rows.get('northside')!, active: false });
    later(CLINIC_READ_FRESH_MS);
    expect((await cached.get('northside'))?.active).toBe(false);
  });

  it('remembers an unknown clinic no longer than a known one, and a clinic added through it counts at once', async () => {
    const { cached } = setUp();
    expect(await cached.get('eastgate')).toBeUndefined();
    await cached.add({ ...northside(), id: 'eastgate' } as ClinicFields);
    expect((await cached.get('eastgate'))?.id).toBe('eastgate');
  });

  it('hands out clinics no caller can change for the next', async () => {
    const { cached } = setUp();
    const clinic = await cached.get('northside');
    expect(() => {
      (clinic as { name: string }).name = 'Changed';
    }).toThrow(TypeError);
    expect((await cached.get('northside'))?.name).not.toBe('Changed');
  });
});
