/**
 * Runs that continue as new, on a dev server told to suggest it after 40 events (the server's own
 * suggestion, lowered: no test-only budget in the workflow code). `continuingServer` gives a
 * describe block (or a file) that server and a harness on it; `startWatched` starts a session there
 * and waits for its first email; `replyUntilContinued` drives the run one client reply at a time
 * until it has continued; `startInputOf` reads the input a run was started with (what it carried).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startAftercare } from '../../app/enrollment-service';
import { startHarness, type Harness } from '../../dev/aftercare-harness';
import { createLocalEnv } from '../../dev/temporal-env';
import { clientReplySignal, TASK_QUEUE, type AftercareInput } from '../../workflows/contract';
import { eventually } from './eventually';

/** Every run of a workflow from `firstRunId` on, first to last: each run that continued as new names the next. */
export async function runsOf(client: Client, workflowId: string, firstRunId: string): Promise<temporal.api.history.v1.IHistoryEvent[][]> {
  const runs: temporal.api.history.v1.IHistoryEvent[][] = [];
  for (let runId: string | undefined = firstRunId; runId; ) {
    const { events } = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.push(events ?? []);
    runId = events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

type HarnessOptions = NonNullable<Parameters<typeof startHarness>[1]>;

/** The server and its harness, set before the block's tests and stopped after them. */
export interface ContinuingServer {
  local: TestWorkflowEnvironment;
  lh: Harness;
}

export function continuingServer(harness: HarnessOptions = {}): ContinuingServer {
  const server = {} as ContinuingServer;
  beforeAll(async () => {
    server.local = await createLocalEnv({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 } });
    server.lh = await startHarness(server.local, { taskQueue: TASK_QUEUE, ...harness });
  });
  afterAll(async () => {
    await server.lh?.stop();
    await server.local?.teardown();
  });
  return server;
}

/** Starts the session and waits for its first email: its handle, its first run's ID, and its emails as they come. */
export async function startWatched(server: ContinuingServer, input: AftercareInput) {
  const { workflowId } = await startAftercare(server.local.client, input);
  const handle = server.local.client.workflow.getHandle(workflowId);
  const { runId: firstRunId } = await handle.describe();
  const mails = () => server.lh.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId);
  await eventually(async () => mails().length, (n) => n >= 1);
  return { workflowId, handle, firstRunId, mails };
}

/**
 * One client reply at a time, each forwarded to the clinic (`mails` grows) before the next, until
 * the run has continued as new or `max` replies went. Returns the newest run's ID and how many replies went.
 */
export async function replyUntilContinued(handle: WorkflowHandle, mails: () => unknown[], sidPrefix: string, max = 20): Promise<{ runId: string; replies: number }> {
  const { runId: firstRunId } = await handle.describe();
  let replies = 0;
  while ((await handle.describe()).runId === firstRunId && replies < max) {
    const before = mails().length;
    await handle.signal(clientReplySignal, { kind: 'message', text: `Reply number ${++replies}`, messageSid: `${sidPrefix}${replies}` });
    await eventually(async () => mails().length, (n) => n > before, 10_000, 50);
  }
  return { runId: (await handle.describe()).runId, replies };
}

/** The input the run `runId` was started with: for a continued run, what the previous one carried. */
export async function startInputOf(client: Client, workflowId: string, runId: string): Promise<AftercareInput> {
  const { events } = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const [arg] = events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!;
  return defaultPayloadConverter.fromPayload(arg!) as AftercareInput;
}
