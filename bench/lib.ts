/** The bench's root folder, work folders and pause; the rest is in stats, processes, measure, inputs and machine. */
import { PROJECT_ROOT } from '../platform/paths';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function makeWorkDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'aftercare-bench-'));
}

export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
