/**
 * Structured logs: one JSON object per line, `{ time, level, msg, ...fields }`, filtered by level.
 *
 * Every message and field goes through domain/redact.ts, which masks anything that looks like a
 * phone number or an email address, so a client's contact details never reach the logs even when
 * a caller forgets. The same logger implements Temporal's `Logger` interface, so it is installed as
 * the Runtime logger (worker/main.ts) and the SDK's own logs, the workflow and activity context
 * loggers and the forwarded Core logs are JSON lines too.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
// The light submodule, not the package index (which loads the native bridge).
import { LogTimestamp } from '@temporalio/worker/lib/logger';
import { redactText, redactValue } from '../domain/redact';
import type { LogLevelName } from './config';

const SEVERITY: Record<LogLevelName, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 };

/** Temporal's upper-case level names and ours, both accepted. */
export function toLevelName(level: LogLevel | LogLevelName | string): LogLevelName {
  const lower = level.toLowerCase();
  return (lower in SEVERITY ? lower : 'info') as LogLevelName;
}

/** Our level as Temporal spells it, for `telemetryOptions.logging.filter`. */
export function toTemporalLevel(level: LogLevelName): LogLevel {
  return level.toUpperCase() as LogLevel;
}

export interface JsonLogger extends Logger {
  readonly level: LogLevelName;
  isEnabled(level: LogLevel | LogLevelName): boolean;
  /** A logger that adds these fields to every line. */
  child(fields: Record<string, unknown>): JsonLogger;
  log(level: LogLevel | LogLevelName, message: string, meta?: LogMetadata): void;
  trace(message: string, meta?: LogMetadata): void;
  debug(message: string, meta?: LogMetadata): void;
  info(message: string, meta?: LogMetadata): void;
  warn(message: string, meta?: LogMetadata): void;
  error(message: string, meta?: LogMetadata): void;
}

export interface LoggerOptions {
  level?: LogLevel | LogLevelName;
  /** Where lines go; default stdout. Receives one JSON line without the newline. */
  write?: (line: string) => void;
  /** Fields on every line (e.g. `{ service: 'worker' }`). */
  fields?: Record<string, unknown>;
  /** Clock for `time`; tests pass a fixed one. */
  now?: () => Date;
}

const RESERVED = new Set(['time', 'level', 'msg']);

function timeOf(meta: LogMetadata | undefined, now: () => Date): string {
  // Logs forwarded from Temporal Core carry their own timestamp (nanoseconds since the epoch).
  const nanos = meta ? (meta as Record<symbol, unknown>)[LogTimestamp] : undefined;
  if (typeof nanos === 'bigint') return new Date(Number(nanos / 1_000_000n)).toISOString();
  return now().toISOString();
}

export function createLogger(options: LoggerOptions = {}): JsonLogger {
  const level = toLevelName(options.level ?? 'info');
  const threshold = SEVERITY[level];
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const baseFields = options.fields ?? {};

  const logger: JsonLogger = {
    level,
    isEnabled: (l) => SEVERITY[toLevelName(l)] >= threshold,
    child: (fields) => createLogger({ ...options, level, write, now, fields: { ...baseFields, ...fields } }),
    log(l, message, meta) {
      const name = toLevelName(l);
      if (SEVERITY[name] < threshold) return;
      const fields = redactValue({ ...baseFields, ...(meta ?? {}) }) as Record<string, unknown>;
      const line: Record<string, unknown> = { time: timeOf(meta, now), level: name, msg: redactText(String(message)) };
      for (const [k, v] of Object.entries(fields)) line[RESERVED.has(k) ? `field_${k}` : k] = v;
      try {
        write(JSON.stringify(line));
      } catch {
        // A log line must never take the process down (e.g. a closed stream at shutdown).
      }
    },
    trace: (m, meta) => logger.log('trace', m, meta),
    debug: (m, meta) => logger.log('debug', m, meta),
    info: (m, meta) => logger.log('info', m, meta),
    warn: (m, meta) => logger.log('warn', m, meta),
    error: (m, meta) => logger.log('error', m, meta),
  };
  return logger;
}
