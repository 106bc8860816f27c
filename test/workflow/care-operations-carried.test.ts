/**
 * The care operations' state across continue-as-new (dev server, told to suggest continuing after
 * 40 events): a client moved to another zone, with SMS switched off by staff, stays so in the
 * next run, and the next run's plan keeps the new zone's times.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startAftercare } from '../../app/enrollment-service';
import { inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createLocalEnv } from '../../dev/temporal-env';
import { cancelSignal, statusQuery, switchChannelUpdate, TASK_QUEUE, updateContactUpdate, type AftercareInput } from '../../workflows/contract';
import { replyUntilContinued } from '../support/continue-as-new';
import { eventually, middayZone } from '../support/eventually';

let local: TestWorkflowEnvironment;
let lh: Harness;
beforeAll(async () => {
  local = await createLocalEnv({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 } });
  lh = await startHarness(local, { taskQueue: TASK_QUEUE });
});
afterAll(async () => {
  await lh?.stop();
  await local?.teardown();
});

it('a new zone and a channel switched off by staff are carried to the next run', async () => {
  const base = inputAt(Date.now(), { clientRef: 'C8900' });
  const zone = middayZone();
  const input = { ...base, client: { ...base.client, timezone: zone } };
  const { workflowId } = await startAftercare(local.client, input);
  const handle = local.client.workflow.getHandle(workflowId);
  const { runId: firstRunId } = await handle.describe();
  const mails = () => lh.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId);
  await eventually(async () => mails().length, (n) => n >= 1);
  const newZone = zone === 'Pacific/Chatham' ? 'Pacific/Auckland' : 'Pacific/Chatham';
  await handle.executeUpdate(updateContactUpdate, { args: [{ timezone: newZone }] });
  const moved = await handle.executeUpdate(switchChannelUpdate, { args: [{ channel: 'sms', enabled: false }] });

  const { runId: newestRunId } = await replyUntilContinued(handle, mails, 'SMcare');
  expect(newestRunId).not.toBe(firstRunId);
  const { events } = await local.client.workflow.getHandle(workflowId, newestRunId).fetchHistory();
  const [arg] = events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
  const next = defaultPayloadConverter.fromPayload(arg!) as AftercareInput;
  expect(next.carried?.timezone).toBe(newZone);

  const status = await handle.query(statusQuery);
  expect(status.timezone).toBe(newZone);
  expect(status.channels.sms).toBe('off');
  expect(status.plan).toEqual(moved.plan);
  await handle.signal(cancelSignal, { reason: 'test over' });
  expect((await handle.result()).phase).toBe('cancelled');
});
