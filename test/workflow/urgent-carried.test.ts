/**
 * An open concern across continue-as-new (dev server, told to suggest continuing after 40
 * events): the next run still holds it, shows it and keeps the Concern search attribute, and
 * staff mark it handled there.
 */
import { inputAt } from '../../dev/aftercare-harness';
import { cancelSignal, clientReplySignal, markConcernHandledUpdate, SEARCH_ATTRIBUTES, statusQuery } from '../../workflows/contract';
import { continuingServer, replyUntilContinued, startInputOf, startWatched } from '../support/continue-as-new';
import { eventually, middayZone } from '../support/eventually';

const server = continuingServer();

it('an open concern is carried to the next run and handled there', async () => {
  const base = inputAt(Date.now(), { clientRef: 'C8950' });
  const input = { ...base, client: { ...base.client, timezone: middayZone() } };
  const { workflowId, handle, firstRunId, mails } = await startWatched(server, input);
  const before = mails().length;
  await handle.signal(clientReplySignal, { kind: 'message', text: 'it is oozing and hot', messageSid: 'SMcarried-urgent', triage: { class: 'urgent', matched: ['oozing', 'hot'] } });
  await eventually(async () => mails().length, (n) => n > before);

  const { runId } = await replyUntilContinued(handle, mails, 'SMcarried');
  expect(runId).not.toBe(firstRunId);
  const next = await startInputOf(server.local.client, workflowId, runId);
  expect(next.carried?.concern).toMatchObject({ messageSids: ['SMcarried-urgent'], matched: ['oozing', 'hot'] });

  expect((await handle.query(statusQuery)).concern?.messageSids).toEqual(['SMcarried-urgent']);
  expect((await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.Concern)).toBe('open');
  const handled = await handle.executeUpdate(markConcernHandledUpdate, { args: [{}] });
  expect(handled.concern).toBeNull();
  expect(await eventually(async () => (await handle.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.Concern), (v) => v === 'none')).toBe('none');
  await handle.signal(cancelSignal, { reason: 'test over' });
  expect((await handle.result()).phase).toBe('cancelled');
});
