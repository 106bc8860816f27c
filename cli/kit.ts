/** The small framework every `aftercare` command sits on: argument parsing and output. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WORKFLOW_ID_EXAMPLE, WORKFLOW_ID_HINT, isWorkflowId } from '../domain/identifiers';
import { REASON_MAX } from '../app/reason';

/** Bad arguments: a one-line message naming the argument, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  summary: string;
  usage: string;
  options: Options;
  /** The flag each input path came from, so a refusal names what the user typed (`appointmentAt` -> `--at`). */
  flags?: Record<string, string>;
  /** Resolves with the exit code when it is not 0 for a run that went through (`import`: some rows refused). */
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }): Promise<void | number>;
}

export function parseCommandArgs(command: Command, argv: string[]) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: command.options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (err) {
    // node's messages already name the option; keep the first line only.
    throw new UsageError(String((err as Error).message).split('\n')[0]);
  }
}

export function requireString(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
  return v;
}

export function optionalPositiveInt(values: Record<string, unknown>, name: string, fallback: number): number {
  const v = values[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < 1) {
    throw new UsageError(`--${name} must be a whole number of at least 1 (got ${JSON.stringify(v)})`);
  }
  return Number(v);
}

/** The `<workflowId>` positional. */
export function workflowIdArg(positionals: string[]): string {
  const id = positionals[0];
  if (!id) throw new UsageError(`<workflowId> is required, for example ${WORKFLOW_ID_EXAMPLE}`);
  if (!isWorkflowId(id)) throw new UsageError(`<workflowId> "${id}" ${WORKFLOW_ID_HINT}`);
  return id;
}

/** `--reason`, or the command's default. */
export function reasonArg(values: Record<string, unknown>, fallback: string): string {
  const reason = (values.reason as string | undefined) ?? fallback;
  if (reason.length > REASON_MAX) throw new UsageError(`--reason must be at most ${REASON_MAX} characters`);
  return reason;
}

/** Maps the path of a schema issue back to the command-line flag the user typed. */
export function flagFor(path: string, flags: Record<string, string>): string {
  return flags[path] ?? path;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain text table with padded columns. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
