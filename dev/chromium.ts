/**
 * The Chromium the browser tests drive through playwright-core (which never downloads one here).
 *
 * Looked for, in order: CHROMIUM_PATH, Debian's /usr/bin/chromium, then `chromium` or
 * `chromium-browser` on PATH. When none is there, `npm test` installs Debian's package if it runs
 * as root with apt-get (a fresh CI machine or container); anywhere else it says in one line what to
 * install, since installing system packages is the machine owner's call.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const PATH_NAMES = ['chromium', 'chromium-browser'];

/** What the decision looks at; tests pass their own. */
export interface ChromiumHost {
  env: NodeJS.ProcessEnv;
  isExecutable(file: string): boolean;
  /** Effective user id (0: root), undefined where there is none (Windows). */
  uid: number | undefined;
}

export type ChromiumPlan =
  | { action: 'use'; path: string }
  | { action: 'install'; commands: Array<{ command: string; args: string[] }> }
  | { action: 'advise'; line: string };

export class ChromiumError extends Error {}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const realHost = (): ChromiumHost => ({ env: process.env, isExecutable, uid: process.getuid?.() });

function onPath(names: string[], host: ChromiumHost): string | undefined {
  for (const dir of (host.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (host.isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The Chromium to drive, or undefined; a CHROMIUM_PATH that is not an executable is an error, not a fallback. */
export function findChromium(host: ChromiumHost = realHost()): string | undefined {
  const fromEnv = host.env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    if (!host.isExecutable(fromEnv)) throw new ChromiumError(`CHROMIUM_PATH=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  if (host.isExecutable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return onPath(PATH_NAMES, host);
}

/** The one line shown when Chromium is missing and this process will not install it. */
export const CHROMIUM_ADVICE =
  "Chromium is missing (the browser tests need it): install Debian's package (`sudo apt-get install chromium`) or set CHROMIUM_PATH to a Chromium binary.";

/** Use the Chromium found, install Debian's (root with apt-get only), or say what to install. */
export function planChromium(host: ChromiumHost = realHost()): ChromiumPlan {
  const found = findChromium(host);
  if (found) return { action: 'use', path: found };
  const aptGet = onPath(['apt-get'], host);
  if (host.uid === 0 && aptGet) {
    return {
      action: 'install',
      commands: [
        { command: aptGet, args: ['update'] },
        { command: aptGet, args: ['install', '-y', 'chromium'] },
      ],
    };
  }
  return { action: 'advise', line: CHROMIUM_ADVICE };
}

export type CommandRunner = (command: string, args: string[], env: NodeJS.ProcessEnv) => number | null;

const runInherited: CommandRunner = (command, args, env) =>
  // apt's progress goes to stderr, so `npm test -- --json` keeps a clean stdout.
  spawnSync(command, args, { stdio: ['ignore', 2, 'inherit'], env }).status;

/**
 * The path of a Chromium, installing Debian's package first when the plan says so. Throws a
 * ChromiumError whose message is the one line to show when there is none.
 */
export function ensureChromium(
  host: ChromiumHost = realHost(),
  run: CommandRunner = runInherited,
  note: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): string {
  const plan = planChromium(host);
  if (plan.action === 'use') return plan.path;
  if (plan.action === 'advise') throw new ChromiumError(plan.line);
  note("Chromium is missing (the browser tests need it): installing Debian's package with apt-get");
  const env = { ...host.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const { command, args } of plan.commands) {
    const status = run(command, args, env);
    if (status !== 0) throw new ChromiumError(`\`apt-get ${args.join(' ')}\` failed (exit ${status ?? 'signal'}): ${CHROMIUM_ADVICE}`);
  }
  const installed = findChromium(host);
  if (!installed) throw new ChromiumError(`apt-get installed chromium, but no Chromium was found afterwards: ${CHROMIUM_ADVICE}`);
  return installed;
}
