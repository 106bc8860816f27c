/**
 * The git-ignored .env.local the local stack writes (API key, hash key): read by the CLI and the
 * scripts so they find what the stack generated. The real environment always wins.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths';

/** KEY=VALUE lines; `#` comments, optional `export `, optional quotes. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    let value = m[2]!;
    if (/^(['"]).*\1$/.test(value)) value = value.slice(1, -1);
    out[m[1]!] = value;
  }
  return out;
}

export function envLocalPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.ENV_LOCAL_FILE?.trim() || path.join(PROJECT_ROOT, '.env.local'));
}

/** The environment with .env.local's values filling in what it leaves unset. */
export function withEnvLocal(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  let fileValues: Record<string, string> = {};
  try {
    fileValues = parseEnvFile(readFileSync(envLocalPath(env), 'utf8'));
  } catch {
    // No .env.local yet: the environment alone.
  }
  const merged: NodeJS.ProcessEnv = { ...fileValues };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  return merged;
}
