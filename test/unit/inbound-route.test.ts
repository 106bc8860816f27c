/** The routing rule of inbound texts (app/inbound-route.ts): which clinics a sender is, which plan a reply is for. */
import { addresseeOf, clinicsSendingFrom, placeOfText, routeBySender, type RunOfPhone, type SenderClinic } from '../../app/inbound-route';

const NORTHSIDE_FROM = '+12125550147';
const HARBOUR_FROM = '+12125550148';
const PLATFORM_FROM = '+12125550100';
const SERVICE = `MG${'a'.repeat(32)}`;

const clinic = (id: string, sms: SenderClinic['sms'] = { ratePerSecond: 1 }): SenderClinic => ({ id, name: `${id} studio`, phone: '+12125550199', sms });
const northside = clinic('northside', { from: NORTHSIDE_FROM, ratePerSecond: 1 });
const harbour = clinic('harbour', { from: HARBOUR_FROM, ratePerSecond: 1 });
const lakeside = clinic('lakeside'); // the platform's sender
const bayview = clinic('bayview'); // the platform's sender too
const serviced = clinic('serviced', { messagingServiceSid: SERVICE, ratePerSecond: 1 });
const ALL = [northside, harbour, lakeside, bayview, serviced];

const ids = (clinics: SenderClinic[]) => clinics.map((c) => c.id).sort();

describe('clinicsSendingFrom', () => {
  const platform = { from: PLATFORM_FROM };

  it("a clinic's own number is that clinic's alone, written any way", () => {
    expect(ids(clinicsSendingFrom(ALL, platform, { to: NORTHSIDE_FROM }))).toEqual(['northside']);
    expect(ids(clinicsSendingFrom(ALL, platform, { to: '+1 212 555 0148' }))).toEqual(['harbour']);
  });

  it("the platform's number belongs to every clinic without a sender of its own", () => {
    expect(ids(clinicsSendingFrom(ALL, platform, { to: PLATFORM_FROM }))).toEqual(['bayview', 'lakeside']);
  });

  it('a messaging service is matched by its SID, whatever pool number the text went to', () => {
    expect(ids(clinicsSendingFrom(ALL, platform, { to: '+12125550177', messagingServiceSid: SERVICE }))).toEqual(['serviced']);
    expect(ids(clinicsSendingFrom(ALL, { messagingServiceSid: SERVICE }, { to: '+12125550177', messagingServiceSid: SERVICE }))).toEqual(['bayview', 'lakeside', 'serviced']);
  });

  it('a number nobody sends from is nobody\'s, unless there is no platform sender (the local outbox)', () => {
    expect(clinicsSendingFrom(ALL, platform, { to: '+12125550111' })).toEqual([]);
    expect(clinicsSendingFrom(ALL, platform, {})).toEqual([]);
    expect(ids(clinicsSendingFrom(ALL, {}, { to: '+12125550111' }))).toEqual(['bayview', 'lakeside']);
    expect(ids(clinicsSendingFrom(ALL, {}, { to: NORTHSIDE_FROM }))).toEqual(['northside']);
  });
});

describe('routeBySender and addresseeOf', () => {
  const run = (workflowId: string, clinicId: string, startedMinute: number): RunOfPhone => ({
    workflowId,
    clinicId,
    startedAt: new Date(Date.UTC(2026, 11, 1, 10, startedMinute)),
  });
  const runs = [run('n-old', 'northside', 1), run('n-new', 'northside', 5), run('h', 'harbour', 3), run('l', 'lakeside', 4), run('b', 'bayview', 2)];
  const deps = (platform = { from: PLATFORM_FROM }, theRuns = runs) => ({
    clinics: { list: async () => ALL },
    platformSender: platform,
    runsOfPhone: async () => theRuns,
  });
  const never = async () => {
    throw new Error('asked when the plan last texted, with one clinic behind the number');
  };

  it("a text to a clinic's own number reaches only that clinic's plans; a reply goes to its newest", async () => {
    const route = await routeBySender(deps(), { to: NORTHSIDE_FROM });
    expect(route.runs.map((r) => r.workflowId)).toEqual(['n-new', 'n-old']);
    expect(await addresseeOf(route, never)).toEqual({ run: runs[1], clinic: northside });
  });

  it('with a shared number, STOP reaches every plan sending from it and a reply goes to the plan that texted last', async () => {
    const route = await routeBySender(deps(), { to: PLATFORM_FROM });
    expect(route.runs.map((r) => r.workflowId).sort()).toEqual(['b', 'l']);
    const texted: Record<string, string | undefined> = { l: '2026-12-01T11:00:00.000Z', b: '2026-12-01T12:00:00.000Z' };
    expect(await addresseeOf(route, async (id) => texted[id])).toMatchObject({ run: { workflowId: 'b' }, clinic: bayview });
    texted.l = '2026-12-01T13:00:00.000Z';
    expect(await addresseeOf(route, async (id) => texted[id])).toMatchObject({ run: { workflowId: 'l' }, clinic: lakeside });
    // Neither has texted yet: the newest plan.
    expect(await addresseeOf(route, async () => undefined)).toMatchObject({ run: { workflowId: 'l' } });
  });

  it("a reply to a number no clinic sends from reaches the client's only clinic, and no one when there are several", async () => {
    const one = await routeBySender(deps(undefined, [runs[0]!, runs[1]!]), { to: '+12125550111' });
    expect(one.runs).toEqual([]);
    expect(await addresseeOf(one, never)).toMatchObject({ run: { workflowId: 'n-new' }, clinic: northside });
    const several = await routeBySender(deps(), { to: '+12125550111' });
    expect(several.runs).toEqual([]);
    expect(await addresseeOf(several, never)).toBeUndefined();
  });

  it('a client with no plan at the clinics of the number gets no addressee', async () => {
    const route = await routeBySender(deps(undefined, [runs[2]!]), { to: NORTHSIDE_FROM });
    expect(route.runs).toEqual([]);
    expect(await addresseeOf(route, never)).toBeUndefined();
  });
});

describe('placeOfText: where a text no running plan took is kept', () => {
  const run = (workflowId: string, clinicId: string, startedMinute: number): RunOfPhone => ({ workflowId, clinicId, startedAt: new Date(Date.UTC(2026, 11, 1, 10, startedMinute)) });
  const route = (clinics: SenderClinic[]) => ({ clinics, runs: [], allRuns: [], allClinics: ALL });

  it('the plan that took it, when one did', () => {
    const taken = run('n-running', 'northside', 9);
    expect(placeOfText(route([northside]), taken, [run('n-ended', 'northside', 1)])).toEqual({ clinicId: 'northside', run: taken });
  });

  it("the phone's newest plan at a clinic of the number, ended or not, and never another clinic's", () => {
    const ended = [run('h-newest', 'harbour', 8), run('n-newer', 'northside', 5), run('n-old', 'northside', 1)];
    expect(placeOfText(route([northside]), undefined, ended)).toEqual({ clinicId: 'northside', run: ended[1] });
    expect(placeOfText(route([lakeside, bayview]), undefined, [...ended, run('b', 'bayview', 2)])).toEqual({ clinicId: 'bayview', run: expect.objectContaining({ workflowId: 'b' }) });
  });

  it("a number no clinic sends from: the phone's newest plan if all its plans are at one clinic, else no clinic", () => {
    expect(placeOfText(route([]), undefined, [run('n2', 'northside', 5), run('n1', 'northside', 1)])).toEqual({ clinicId: 'northside', run: expect.objectContaining({ workflowId: 'n2' }) });
    expect(placeOfText(route([]), undefined, [run('n', 'northside', 5), run('h', 'harbour', 1)])).toEqual({ clinicId: null });
  });

  it('no plan: the clinic of the number when only one sends from it, else none (administrators see it)', () => {
    expect(placeOfText(route([harbour]), undefined, [])).toEqual({ clinicId: 'harbour' });
    expect(placeOfText(route([lakeside, bayview]), undefined, [])).toEqual({ clinicId: null });
    expect(placeOfText(route([]), undefined, [])).toEqual({ clinicId: null });
  });
});
