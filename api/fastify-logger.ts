/** Fastify's logger interface (pino's shape) on top of the project's redacting JSON logger. */
import type { FastifyBaseLogger } from 'fastify';
import type { JsonLogger } from '../platform/logger';

export function fastifyLogger(log: JsonLogger): FastifyBaseLogger {
  type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';
  const write =
    (level: Level) =>
    (first?: unknown, second?: unknown): void => {
      if (typeof first === 'string') {
        log[level](first);
        return;
      }
      const message = typeof second === 'string' ? second : first instanceof Error ? first.message : '';
      const fields = first instanceof Error ? { err: first } : (first as Record<string, unknown> | undefined);
      log[level](message, fields ?? {});
    };
  const logger = {
    level: log.level as string,
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('error'),
    silent: () => undefined,
    child: (bindings: Record<string, unknown>) => fastifyLogger(log.child(bindings)),
  };
  return logger as unknown as FastifyBaseLogger;
}
