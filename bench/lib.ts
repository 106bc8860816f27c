/** The bench's root folder, work folders and pause; the rest is in stats, processes, measure, inputs and machine. */
import { PROJECT_ROOT } from '../platform/paths';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits until `expected` texts reached the stand-in, the deadline passes, or 30 s go by without a
 * new one; then 2 s more for anything still in flight (a duplicate would show there).
 */
export async function waitForTexts(messages: readonly unknown[], expected: number, deadline: number): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  while (messages.length < expected && Date.now() < deadline) {
    if (messages.length !== last) {
      last = messages.length;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 30_000) {
      break;
    }
    await sleep(500);
  }
  await sleep(2000);
}

export function makeWorkDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'aftercare-bench-'));
}

export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
