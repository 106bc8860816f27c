/**
 * Supervised children (dev/child-processes.ts) and waiting for them (dev/readiness.ts), with tiny
 * node processes: logs framed by start and exit lines, a stop that escalates to SIGKILL when the
 * child ignores SIGTERM, and a wait that fails early, with the log's last lines, when a child dies.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { liveChildren, spawnChild, stopChild } from '../../dev/child-processes';
import { NotReadyError, waitUntilReady } from '../../dev/readiness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'children-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const node = (code: string) => [process.execPath, ['-e', code]] as const;

it('writes the output between a start line and an exit line, and forgets the child once it exits', async () => {
  const logFile = path.join(dir, 'say.log');
  const child = spawnChild('say', ...node('console.log("hello"); console.error("to stderr")'), { env: process.env, logFile });
  expect(liveChildren()).toContain(child);
  expect(await child.exited).toEqual({ code: 0, signal: null });
  const lines = readFileSync(logFile, 'utf8').trim().split('\n');
  expect(lines[0]).toMatch(/^=== \S+ start say: /);
  expect(lines.slice(1, -1).sort()).toEqual(['hello', 'to stderr']);
  expect(lines.at(-1)).toMatch(/^=== \S+ say exited \(code 0\)$/);
  expect(liveChildren()).not.toContain(child);
});

it('passes output to onOutput listeners when asked to watch it', async () => {
  const child = spawnChild('ready', ...node('console.log("ready now")'), { env: process.env, logFile: path.join(dir, 'r.log'), watchOutput: true });
  let seen = '';
  child.onOutput((text) => (seen += text));
  await child.exited;
  expect(seen).toBe('ready now\n');
});

it('stops a child that ignores SIGTERM with SIGKILL after the grace period', async () => {
  const child = spawnChild('stubborn', ...node('process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000)'), {
    env: process.env,
    logFile: path.join(dir, 'stubborn.log'),
    watchOutput: true,
  });
  await new Promise<void>((resolve) => child.onOutput(() => resolve()));
  const started = Date.now();
  await stopChild(child, 300);
  expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
});

it('a wait for readiness fails at once, with the last lines of the log, when the child dies first', async () => {
  const logFile = path.join(dir, 'dies.log');
  const child = spawnChild('dies', ...node('console.error("cannot bind"); process.exit(3)'), { env: process.env, logFile });
  const failure = await waitUntilReady('The thing', child, 20_000, async () => false).catch((err: unknown) => err);
  expect(failure).toBeInstanceOf(NotReadyError);
  expect((failure as NotReadyError).exited).toBe(true);
  expect((failure as Error).message).toMatch(/^The thing exited during start-up\. Last lines of .*dies\.log:\n/);
  expect((failure as Error).message).toContain('cannot bind');
  await expect(waitUntilReady('Nothing', undefined, 300, async () => false)).rejects.toThrow('Nothing did not answer within 0 s');
  await expect(waitUntilReady('Yes', undefined, 1000, async () => true)).resolves.toBeUndefined();
});
