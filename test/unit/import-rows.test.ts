/** The client import's rows: the header, the row -> enrolment body mapping, the check, the tally and the enrolment pass. */
import { Readable } from 'node:stream';
import path from 'node:path';
import { DateTime } from 'luxon';
import { operatorCaller, type Caller } from '../../app/caller';
import { InvalidInputError } from '../../app/errors';
import { checkImport } from '../../app/import';
import { enrolRows, ImportStoppedError } from '../../app/import-enrol';
import { LineSet } from '../../app/import-line-set';
import { openImportFile } from '../../app/import-reader';
import { rowIssues } from '../../app/import-check';
import { parseEnrollment } from '../../app/enrollment-schema';
import { planFor, toWorkflowInput } from '../../app/enrollment-service';
import { FAILED_PATH, ImportTally } from '../../app/import-tally';
import { columnIndexOf, enrollmentBodyOf, headerIssues, IMPORT_COLUMNS, REQUIRED_COLUMNS } from '../../domain/import-csv';
import { healingPhaseOnDay } from '../../domain/steps';
import { loadClinics } from '../../platform/clinics';
import { clinicDirectory } from '../../dev/clinics';
import { csvOf, goodRow } from '../support/import-files';

const clinics = clinicDirectory([...loadClinics(path.join(__dirname, '..', '..', 'examples', 'clinics.json')).values()]);
const operator = operatorCaller('cli');
const northsideStaff: Caller = { kind: 'key', keyId: 'k1', role: 'staff', clinicId: 'northside', actor: 'key:k1', via: 'api' };
const empty = { totalRows: 0, refusedRows: 0, enrolled: 0, alreadyEnrolled: 0, failedRows: 0, checkpointLine: 0, refusals: [] };

const bodyOf = (row: Record<string, string>) => {
  const cells = IMPORT_COLUMNS.map((c) => row[c] ?? '');
  return enrollmentBodyOf(cells, columnIndexOf([...IMPORT_COLUMNS]));
};

describe('the header', () => {
  it('accepts every column in any order, locale and region optional', () => {
    expect(headerIssues([...REQUIRED_COLUMNS].reverse())).toEqual([]);
    expect(headerIssues([...IMPORT_COLUMNS])).toEqual([]);
  });

  it('names a missing, an unknown and a repeated column', () => {
    const header = [...REQUIRED_COLUMNS.filter((c) => c !== 'timezone'), 'nickname', 'phone'];
    expect(headerIssues(header)).toEqual([
      { path: 'header', message: expect.stringMatching(/^unknown column "nickname" \(the columns are: clinicId, clientRef/) },
      { path: 'header', message: 'column "phone" appears twice' },
      { path: 'header', message: 'missing column "timezone"' },
    ]);
  });

  it('refuses a file whose header is wrong before reading any row', async () => {
    const text = 'clinicId,clientRef\nnorthside,C1\n';
    await expect(openImportFile(Readable.from([text]))).rejects.toThrow(InvalidInputError);
    await expect(openImportFile(Readable.from(['']))).rejects.toMatchObject({ issues: [{ path: 'header', message: expect.stringMatching(/empty/) }] });
  });
});

describe('a row as the enrolment body', () => {
  it('maps every column to the field the API takes; empty optional cells are absent', () => {
    const row = goodRow('C1', 3, { phone: '', consentSms: 'No', consentEmail: '1', plannedSessions: '', locale: 'es', region: '' });
    expect(bodyOf(row)).toEqual({
      clinicId: 'northside',
      clientRef: 'C1',
      client: { firstName: 'Robin', email: 'c1@example.com', timezone: 'America/New_York', locale: 'es', consent: { sms: false, email: true } },
      session: { number: 1, performedAt: row.performedAt },
    });
  });

  it('passes a consent word it does not know to the schema, which names the field', async () => {
    expect(await rowIssues(bodyOf(goodRow('C1', 3, { consentSms: 'maybe' })), { caller: operator, clinics, now: new Date() })).toEqual([
      { path: 'client.consent.sms', message: 'must be true or false' },
    ]);
  });
});

describe('the check of a row', () => {
  const check = (row: Record<string, string>, caller: Caller = operator) => rowIssues(bodyOf(row), { caller, clinics, now: new Date() });

  it('passes a good row', async () => {
    expect(await check(goodRow('C1', 3))).toEqual([]);
  });

  it('names the field and the reason as the API would, never the value', async () => {
    const issues = [
      ...(await check(goodRow('C1', 3, { phone: '555-0100' }))),
      ...(await check(goodRow('C1', 3, { timezone: 'Mars/Olympus' }))),
      ...(await check(goodRow('C1', 3, { consentSms: 'no', consentEmail: 'no' }))),
      ...(await check(goodRow('C1', 3, { sessionNumber: '4' }))),
      ...(await check(goodRow('C1', 3, { sessionNumber: '4', plannedSessions: '' }))),
      ...(await check(goodRow('C1', 3, { performedAt: 'last tuesday' }))),
      ...(await check(goodRow('C1', 3, { firstName: '' }))),
    ];
    expect(issues.map((i) => i.path)).toEqual(['client.phone', 'client.timezone', 'client.consent', 'session.number', 'session.number', 'session.performedAt', 'client.firstName']);
    for (const value of ['555-0100', 'Mars/Olympus', 'last tuesday']) expect(JSON.stringify(issues)).not.toContain(value);
  });

  it('refuses a clinic that does not exist, and one the caller may not see, in the same words', async () => {
    const unknown = await check(goodRow('C1', 3, { clinicId: 'nowhere' }));
    const other = await check(goodRow('C1', 3, { clinicId: 'harbour' }), northsideStaff);
    expect(unknown).toEqual([{ path: 'clinicId', message: expect.stringMatching(/^unknown clinic/) }]);
    expect(other).toEqual(unknown);
    expect(await check(goodRow('C1', 3), northsideStaff)).toEqual([]);
  });

  it('refuses a session whose whole aftercare has passed: nothing is left to send', async () => {
    expect(await check(goodRow('C1', 40, { sessionNumber: '3' }))).toEqual([
      { path: 'session.performedAt', message: expect.stringMatching(/^was 40 days ago: every step of its aftercare has passed/) },
    ]);
  });

  it('enrols late by the plan: steps already due are skipped, the welcome goes now and speaks of the current phase', () => {
    const now = new Date();
    const body = bodyOf(goodRow('C1', 9));
    const enrollment = parseEnrollment(body, now);
    const plan = planFor(toWorkflowInput(enrollment, [...loadClinics(path.join(__dirname, '..', '..', 'examples', 'clinics.json')).values()][0]!, now));
    const steps = plan.map((s) => s.step);
    expect(steps[0]).toBe('welcome');
    for (const passed of ['days-1-4', 'days-5-7', 'days-8-14']) expect(steps).not.toContain(passed);
    expect(steps).toContain('book-next');
    expect(healingPhaseOnDay(plan[0]!.day)).toBe('days-8-14');
    expect(Date.parse(plan[0]!.sendAt)).toBeGreaterThanOrEqual(now.getTime() - 1000);
  });
});

describe('checking a whole file', () => {
  it('counts the rows, lists the refused ones by line (1 = the header), and reads unreadable rows as refusals', async () => {
    const text = csvOf([goodRow('C1', 2), goodRow('C2', 2, { phone: 'call me' }), goodRow('C3', 2)]) + 'northside,C4\n' + 'northside,C5,"Al"x,+12125550199\n';
    const result = await checkImport({ clinics }, { caller: operator, open: () => Readable.from([text]) });
    expect(result.total).toBe(5);
    expect(result.refusedRows).toBe(3);
    expect(result.refusals).toEqual([
      { line: 3, path: 'client.phone', message: expect.any(String) },
      { line: 5, path: '(row)', message: `has 2 fields where the header has ${IMPORT_COLUMNS.length}` },
      { line: 6, path: '(row)', message: expect.stringMatching(/^is not valid CSV/) },
    ]);
    expect([2, 3, 4, 5].map((l) => result.refused.has(l))).toEqual([false, true, false, true]);
  });
});

describe('the tally', () => {
  it('moves the checkpoint, and counts, only past rows whose every predecessor has finished', () => {
    const tally = new ImportTally(empty);
    for (const line of [2, 3, 4]) tally.dispatch(line);
    tally.settle(4, 'enrolled');
    tally.settle(3, 'already');
    expect(tally.snapshot()).toMatchObject({ checkpointLine: 0, enrolled: 0, alreadyEnrolled: 0 });
    tally.settle(2, 'failed', { line: 2, path: FAILED_PATH, message: 'x' });
    expect(tally.snapshot()).toMatchObject({ checkpointLine: 4, enrolled: 1, alreadyEnrolled: 1, failedRows: 1, refusals: [{ line: 2 }] });
  });
});

describe('the enrolment pass', () => {
  const rowsOf = (n: number) =>
    (async function* () {
      for (let i = 0; i < n; i++) yield { line: i + 2, cells: IMPORT_COLUMNS.map((c) => goodRow(`C${i}`, 2)[c] ?? '') };
    })();
  const busy = () => Object.assign(new Error('busy'), { code: 8, details: 'namespace rate limit exceeded', metadata: {} });

  it('tries a row the server turned away for the moment again, and counts a final failure as failed, listed', async () => {
    const tally = new ImportTally(empty);
    const tries = new Map<string, number>();
    await enrolRows({
      rows: rowsOf(6),
      index: columnIndexOf([...IMPORT_COLUMNS]),
      afterLine: 2,
      refused: new LineSet(),
      tally,
      concurrency: 3,
      sleep: async () => undefined,
      start: async (body) => {
        const ref = String(body.clientRef);
        tries.set(ref, (tries.get(ref) ?? 0) + 1);
        if (ref === 'C2' && tries.get(ref)! < 3) throw busy();
        if (ref === 'C4') throw new TypeError('boom');
        return ref === 'C5' ? 'already' : 'enrolled';
      },
    });
    expect(tries.get('C0')).toBeUndefined(); // line 2: settled before (a resumed import)
    expect(tries.get('C2')).toBe(3);
    expect(tally.snapshot()).toMatchObject({ checkpointLine: 7, enrolled: 3, alreadyEnrolled: 1, failedRows: 1, refusals: [{ line: 6, path: FAILED_PATH }] });
  });

  it('stops when asked, leaving the checkpoint before the rows not finished', async () => {
    const tally = new ImportTally(empty);
    const stop = new AbortController();
    let n = 0;
    const run = enrolRows({
      rows: rowsOf(20),
      index: columnIndexOf([...IMPORT_COLUMNS]),
      afterLine: 0,
      refused: new LineSet(),
      tally,
      concurrency: 1,
      signal: stop.signal,
      start: async () => {
        if (++n === 5) stop.abort();
        return 'enrolled';
      },
    });
    await expect(run).rejects.toBeInstanceOf(ImportStoppedError);
    expect(tally.snapshot()).toMatchObject({ enrolled: 5, checkpointLine: 6 });
  });
});

it('dates in the test files are recent', () => {
  expect(DateTime.fromISO(goodRow('C1', 1).performedAt!).diffNow('days').days).toBeGreaterThan(-2);
});
