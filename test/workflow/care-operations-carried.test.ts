/**
 * The care operations' state across continue-as-new (dev server, told to suggest continuing after
 * 40 events): a client moved to another zone, with SMS switched off by staff, stays so in the
 * next run, and the next run's plan keeps the new zone's times.
 */
import { inputAt } from '../../dev/aftercare-harness';
import { cancelSignal, statusQuery, switchChannelUpdate, updateContactUpdate } from '../../workflows/contract';
import { continuingServer, replyUntilContinued, startInputOf, startWatched } from '../support/continue-as-new';
import { middayZone } from '../support/eventually';

const server = continuingServer();

it('a new zone and a channel switched off by staff are carried to the next run', async () => {
  const base = inputAt(Date.now(), { clientRef: 'C8900' });
  const zone = middayZone();
  const input = { ...base, client: { ...base.client, timezone: zone } };
  const { workflowId, handle, firstRunId, mails } = await startWatched(server, input);
  const newZone = zone === 'Pacific/Chatham' ? 'Pacific/Auckland' : 'Pacific/Chatham';
  await handle.executeUpdate(updateContactUpdate, { args: [{ timezone: newZone }] });
  const moved = await handle.executeUpdate(switchChannelUpdate, { args: [{ channel: 'sms', enabled: false }] });

  const { runId: newestRunId } = await replyUntilContinued(handle, mails, 'SMcare');
  expect(newestRunId).not.toBe(firstRunId);
  const next = await startInputOf(server.local.client, workflowId, newestRunId);
  expect(next.carried?.timezone).toBe(newZone);

  const status = await handle.query(statusQuery);
  expect(status.timezone).toBe(newZone);
  expect(status.channels.sms).toBe('off');
  expect(status.plan).toEqual(moved.plan);
  await handle.signal(cancelSignal, { reason: 'test over' });
  expect((await handle.result()).phase).toBe('cancelled');
});
