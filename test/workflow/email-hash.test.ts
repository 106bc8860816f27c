/**
 * The EmailHash search attribute follows the client's address (issue 15, point 4): the unsubscribe
 * link finds a run by it, so an email change brings the new address's hash along (`patched('email-hash')`),
 * and a change without one clears it, so the old address's link no longer reaches the run. On the
 * time-skipping server with the real activities.
 *
 * With RECORD_HISTORIES=1 the run's history is written to test/workflow/histories.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../domain/identifiers';
import { inputAt, type Harness } from '../../dev/aftercare-harness';
import { cancelSignal, SEARCH_ATTRIBUTES, statusQuery, updateContactUpdate } from '../../workflows/contract';
import { refusalOf } from '../../workflows/validation';
import { harnessPerTest } from '../support/harness-per-test';
import { skipPast } from '../support/time-skip';

const OLD = 'a'.repeat(32);
const NEW = 'b'.repeat(32);

let env: TestWorkflowEnvironment;
let h: Harness;
harnessPerTest((e, harness) => {
  env = e;
  h = harness;
});

async function markersOf(workflowId: string): Promise<string[]> {
  const { events } = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (events ?? []).flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id] : [];
  });
}

describe('EmailHash on an email change', () => {
  it("takes the new address's hash, or none when the change brings none; a hash without an email is refused", async () => {
    const input = inputAt(await env.currentTimeMs(), { clientRef: 'C8301', emailHash: OLD });
    const workflowId = workflowIdFor(input.clinic.id, input.clientRef, input.session.number);
    await env.client.workflow.start('aftercareWorkflow', {
      taskQueue: h.taskQueue,
      workflowId,
      args: [input],
      typedSearchAttributes: [{ key: SEARCH_ATTRIBUTES.EmailHash, value: OLD }],
    });
    const handle = env.client.workflow.getHandle(workflowId);
    await skipPast(env, input, 'welcome');
    const hashNow = async () => (await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.EmailHash);
    expect(await hashNow()).toBe(OLD);

    const changed = await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'jordan.new@example.com', emailHash: NEW }] });
    expect(changed.channels.email).toBe('active');
    expect(await hashNow()).toBe(NEW);
    // A zone alone leaves the address and its hash as they are.
    await handle.executeUpdate(updateContactUpdate, { args: [{ timezone: 'America/Chicago' }] });
    expect(await hashNow()).toBe(NEW);
    await handle.executeUpdate(updateContactUpdate, { args: [{ email: 'jordan.other@example.com' }] });
    expect(await hashNow()).toBeUndefined();

    const refused = await handle.executeUpdate(updateContactUpdate, { args: [{ timezone: 'America/Denver', emailHash: OLD }] }).catch((e: unknown) => e);
    expect(refusalOf(refused)).toMatchObject({ issue: { path: 'emailHash' } });
    expect(await hashNow()).toBeUndefined();
    expect((await handle.query(statusQuery)).timezone).toBe('America/Chicago');

    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    expect(await markersOf(workflowId)).toContain('email-hash');
    await h.saveHistory(workflowId, 'email-hash-on-contact-change');
  });
});
