/**
 * Consent given after enrolment (issue 12, defect 10): a START text cannot turn on a channel the
 * client refused at enrolment, but staff can record the client's new consent, with its wording
 * and time, through the `grantConsent` update. On the time-skipping server with the real
 * activities (dev/aftercare-harness.ts); the carried state on the dev server, which is told to
 * suggest continue-as-new early.
 *
 * After an update is rejected, the time-skipping test server stops skipping time for the rest of
 * its life, so every test here gets a server of its own, and refusals come last.
 * With RECORD_HISTORIES=1 the consent run's history is written to test/workflow/histories.
 */
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { CONSENT_TEXT_MAX } from '../../domain/consent';
import { workflowIdFor } from '../../domain/identifiers';
import { ISO_INSTANT_HINT } from '../../domain/time';
import { inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';
import {
  cancelSignal,
  grantConsentUpdate,
  optInSignal,
  optOutSignal,
  statusQuery,
  type AftercareInput,
  type ConsentGrant,
} from '../../workflows/contract';
import { refusalOf } from '../../workflows/validation';
import { middayZone } from '../support/eventually';
import { receivedBy } from '../support/received';
import { continuingServer, replyUntilContinued, startInputOf, startWatched } from '../support/continue-as-new';
import { skipPast } from '../support/time-skip';

const MINUTE = 60_000;
const HISTORY_DIR = process.env.RECORD_HISTORIES ? path.join(__dirname, 'histories') : undefined;
const WORDING = 'I agree to receive aftercare texts from Northside Scalp Studio. Reply STOP to stop.';
/** A client who gave a phone but agreed to email only at enrolment. */
const EMAIL_ONLY = { ...inputAt(0).client, consent: { sms: false, email: true } };

let env: TestWorkflowEnvironment;
let h: Harness;

describe('grantConsent on the time-skipping server', () => {
  beforeEach(async () => {
    env = await createTimeSkippingEnv();
    h = await startHarness(env, HISTORY_DIR ? { historyDir: HISTORY_DIR } : {});
  });
  afterEach(async () => {
    await h?.stop();
    await env?.teardown();
  });

  async function enrollNow(client: AftercareInput['client'], clientRef: string) {
    const input = inputAt(await env.currentTimeMs(), { clientRef, client });
    const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
    const handle = await h.start(input, workflowId);
    // Past the welcome (sent at enrolment in the daytime), so nothing goes out between snapshots.
    await skipPast(env, input, 'welcome');
    return { input, workflowId, handle };
  }

  it('a client who refused texts: START is ignored, a recorded consent turns SMS on, the next step goes by SMS, and STOP/START then work', async () => {
    const { input, workflowId, handle } = await enrollNow(EMAIL_ONLY, 'C7001');
    expect(receivedBy(h, workflowId)).toMatchObject({ sms: [], email: ['welcome'] });

    await handle.signal(optInSignal, { channel: 'sms' });
    expect((await handle.query(statusQuery)).channels.sms).toBe('none');

    const at = new Date((await env.currentTimeMs()) - MINUTE).toISOString();
    const status = await handle.executeUpdate(grantConsentUpdate, { args: [{ channel: 'sms', text: WORDING, at }] });
    expect(status.channels).toEqual({ sms: 'active', email: 'active' });
    // What staff see: the channel, the wording and when, and nothing of the client's number.
    expect(status.consents).toEqual([{ channel: 'sms', text: WORDING, at, recordedAt: expect.any(String) }]);
    expect(JSON.stringify(status.consents)).not.toContain(input.client.phone);
    const { currentDetails } = await handle.query<{ currentDetails: string }>('__temporal_workflow_metadata');
    expect(currentDetails).toContain('channels: SMS active, email active');

    await skipPast(env, input, 'days-1-4');
    expect(receivedBy(h, workflowId)).toMatchObject({ sms: ['days-1-4'], email: ['welcome', 'days-1-4'] });

    // Consent now on record, STOP and START work on SMS as for a client who agreed at enrolment.
    await handle.signal(optOutSignal, { channel: 'sms' });
    await skipPast(env, input, 'days-5-7');
    await handle.signal(optInSignal, { channel: 'sms' });
    expect((await handle.query(statusQuery)).channels.sms).toBe('active');
    await skipPast(env, input, 'days-8-14');
    expect(receivedBy(h, workflowId)).toMatchObject({ sms: ['days-1-4', 'days-8-14'], email: ['welcome', 'days-1-4', 'days-5-7', 'days-8-14'] });
    expect((await handle.query(statusQuery)).consents).toEqual(status.consents);

    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'consent-granted-after-enrolment');
  });

  it('refuses an unknown channel, empty or overlong wording, a time not ISO, in the future or before the session, and a channel with no contact detail, changing nothing', async () => {
    const { input, handle } = await enrollNow({ ...EMAIL_ONLY, phone: undefined }, 'C7002');
    const now = await env.currentTimeMs();
    const ok: ConsentGrant = { channel: 'email', text: WORDING, at: new Date(now - MINUTE).toISOString() };
    // A minute of clock skew is allowed: a time just ahead is taken.
    const skewed = await handle.executeUpdate(grantConsentUpdate, { args: [{ ...ok, at: new Date(now + 30_000).toISOString() }] });
    expect(skewed.consents).toHaveLength(1);
    const before = await handle.query(statusQuery);
    const { events: eventsBefore } = await handle.fetchHistory();

    // Rejections last: the time-skipping server stops skipping after one.
    const refusal = async (arg: Record<string, unknown>) => {
      const err = await handle.executeUpdate(grantConsentUpdate, { args: [{ ...ok, ...arg } as ConsentGrant] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return refusalOf(err);
    };
    expect(await refusal({ channel: 'fax' })).toEqual({ kind: 'invalid', issue: { path: 'channel', message: 'must be sms or email' } });
    expect(await refusal({ text: '   ' })).toMatchObject({ kind: 'invalid', issue: { path: 'text', message: expect.stringMatching(/^must not be empty/) } });
    expect(await refusal({ text: undefined })).toMatchObject({ kind: 'invalid', issue: { path: 'text' } });
    expect(await refusal({ text: 'a'.repeat(CONSENT_TEXT_MAX + 1) })).toEqual({ kind: 'invalid', issue: { path: 'text', message: `must be at most ${CONSENT_TEXT_MAX} characters` } });
    expect(await refusal({ at: 'this morning' })).toEqual({ kind: 'invalid', issue: { path: 'at', message: ISO_INSTANT_HINT } });
    expect(await refusal({ at: '2026-03-06T15:00:00' })).toEqual({ kind: 'invalid', issue: { path: 'at', message: ISO_INSTANT_HINT } });
    expect(await refusal({ at: new Date(now + 2 * MINUTE).toISOString() })).toMatchObject({ kind: 'invalid', issue: { path: 'at', message: expect.stringMatching(/^is in the future/) } });
    const beforeSession = new Date(Date.parse(input.session.performedAt) - MINUTE).toISOString();
    expect(await refusal({ at: beforeSession })).toMatchObject({ kind: 'invalid', issue: { path: 'at', message: expect.stringMatching(/^is before this session/) } });
    expect(await refusal({ channel: 'sms' })).toEqual({
      kind: 'invalid',
      issue: { path: 'channel', message: "SMS needs the client's phone and there is none on file: add it with a contact change first" },
    });

    expect(await handle.query(statusQuery)).toEqual(before);
    // A refused update leaves no trace in the history.
    const { events: eventsAfter } = await handle.fetchHistory();
    const updates = (events: temporal.api.history.v1.IHistoryEvent[] | null | undefined) =>
      (events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes).length;
    expect(updates(eventsAfter)).toBe(updates(eventsBefore));
    await handle.signal(cancelSignal, { reason: 'test over' });
  });
});

describe('grantConsent on a run that continues as new (dev server, which suggests continuing after 40 events here)', () => {
  const server = continuingServer();

  it('the recorded consent and the channel it turned on are carried to the next run', async () => {
    const base = inputAt(Date.now(), { clientRef: 'C7900', client: EMAIL_ONLY });
    // Daytime in the client's zone, so the welcome goes at once on the real clock.
    const input = { ...base, client: { ...base.client, timezone: middayZone() } };
    const { workflowId, handle, firstRunId, mails } = await startWatched(server, input);
    const grant: ConsentGrant = { channel: 'sms', text: WORDING, at: new Date().toISOString() };
    const granted = await handle.executeUpdate(grantConsentUpdate, { args: [grant] });

    // One reply at a time, each forwarded before the next, until the run has continued as new.
    const { runId: newestRunId } = await replyUntilContinued(handle, mails, 'SMconsent');
    expect(newestRunId).not.toBe(firstRunId);

    const { carried } = await startInputOf(server.local.client, workflowId, newestRunId);
    expect(carried?.consents).toEqual(granted.consents);
    const status = await handle.query(statusQuery);
    expect(status.consents).toEqual([{ ...grant, recordedAt: expect.any(String) }]);
    expect(status.channels.sms).toBe('active');
    await handle.signal(cancelSignal, { reason: 'test over' });
    expect((await handle.result()).phase).toBe('cancelled');
  });
});
