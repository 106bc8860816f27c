/**
 * Issue 12: a client who texts a lot. Replies that come together reach the clinic as one digest
 * email.
 *
 * The time-skipping server with the real activities (dev/aftercare-harness.ts). With
 * RECORD_HISTORIES=1 the digest run's history is written to test/workflow/histories.
 */
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { startAftercare } from '../../app/enrollment-service';
import { inputAt, startHarness, type Harness } from '../../dev/aftercare-harness';
import { createTimeSkippingEnv } from '../../dev/temporal-env';
import { cancelSignal, clientReplySignal, TASK_QUEUE, type ClientReply } from '../../workflows/contract';
import { eventually } from '../support/eventually';
import { skipPast } from '../support/time-skip';

const HISTORY_DIR = process.env.RECORD_HISTORIES ? path.join(__dirname, 'histories') : undefined;

let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});
// The production queue, so that enrollment starts runs as the app does (with their search attributes).
beforeEach(async () => {
  h = await startHarness(env, { taskQueue: TASK_QUEUE, ...(HISTORY_DIR ? { historyDir: HISTORY_DIR } : {}) });
});
const started: string[] = [];
afterEach(async () => {
  // A run left open would hold the shared time-skipping clock for the next test.
  for (const id of started.splice(0)) await env.client.workflow.getHandle(id).terminate('test finished').catch(() => undefined);
  await h.stop();
});

let refCounter = 0;
/** Enrolls a client through the enrollment service. */
async function enrollNow(overrides: Parameters<typeof inputAt>[1] = {}) {
  const input = inputAt(await env.currentTimeMs(), { clientRef: `C${5000 + ++refCounter}`, ...overrides });
  const { workflowId } = await startAftercare(env.client, input);
  started.push(workflowId);
  return { input, workflowId, handle: env.client.workflow.getHandle(workflowId) };
}

/** What the clinic's mailbox got from this workflow, in arrival order. */
function clinicMails(workflowId: string) {
  return h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId && m.headers.get('x-aftercare-channel') === 'clinic');
}

describe('a client who texts a lot', () => {
  it('replies that arrive together reach the clinic as one digest email; a single reply keeps its own notice', async () => {
    const { input, workflowId, handle } = await enrollNow();
    await skipPast(env, input, 'welcome');

    // The first reply's notice fails once and waits 10 s for its retry: the next five come meanwhile.
    h.smtp.failNext(1);
    await handle.signal(clientReplySignal, { kind: 'message', text: 'Is some redness normal?', messageSid: 'SMdigest000' });
    await eventually(async () => h.smtp.failures, (n) => n >= 1);
    const together: ClientReply[] = [
      { kind: 'message', text: 'It is a bit itchy today', messageSid: 'SMdigest001' },
      { kind: 'wants-to-book', messageSid: 'SMdigest002' },
      { kind: 'message', text: 'Can I wear a cap?', messageSid: 'SMdigest003' },
      { kind: 'message', text: 'And go swimming on Sunday?', messageSid: 'SMdigest004' },
      { kind: 'message', text: 'Thanks!', messageSid: 'SMdigest005' },
    ];
    for (const reply of together) await handle.signal(clientReplySignal, reply);
    await env.sleep(10 * 60_000);

    const mails = clinicMails(workflowId);
    expect(mails.map((m) => m.subject)).toEqual([
      `Text message from Jordan (client ref ${input.clientRef})`,
      `5 text messages from Jordan (client ref ${input.clientRef}), one asks to book session 2`,
    ]);
    expect(mails[0]!.text).toContain('"Is some redness normal?"');
    const digest = mails[1]!.text ?? '';
    for (const { text } of together.filter((r) => r.text)) expect(digest.split(`"${text}"`)).toHaveLength(2);
    // Each reply on its own line, oldest first, with its local time; the booking wish flagged.
    const lines = digest.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/^\d\. [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d\d [AP]M/);
    expect(lines[0]).toContain('It is a bit itchy today');
    expect(lines[1]).toContain('wants to book session 2');
    expect(digest).not.toContain('Is some redness normal?');

    await handle.signal(cancelSignal, { reason: 'test over' });
    await handle.result();
    await h.saveHistory(workflowId, 'reply-digest');
  });
});
