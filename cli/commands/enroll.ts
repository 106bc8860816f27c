/** `aftercare enroll --file <enrollment.json>`: the HTTP API's enrollment body, from a file. */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { LANGUAGE_HINT, languageOf } from '../../domain/i18n';
import { enrollBody, printEnrollment } from '../enrollment';
import { requireString, UsageError, type Command } from '../kit';

export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--file ${file}: not valid JSON (${(err as Error).message})`);
  }
}

export const enroll: Command = {
  summary: 'enroll a client after a session, from a JSON file (the HTTP body)',
  usage: 'aftercare enroll --file <enrollment.json> [--performed-at <ISO-8601 with offset>|now] [--locale <en|es|es-MX...>] [--json]',
  options: { file: { type: 'string' }, 'performed-at': { type: 'string' }, locale: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const body = readJsonFile(requireString(values, 'file'));
    const performedAt = values['performed-at'] as string | undefined;
    if (performedAt !== undefined) {
      // Lets a newcomer reuse the example file on any day: "now" is a session that just ended.
      const session = (body as { session?: Record<string, unknown> }).session;
      if (!session || typeof session !== 'object') throw new UsageError('--performed-at: the file has no "session" object to apply it to');
      session.performedAt = performedAt === 'now' ? DateTime.now().toISO({ suppressMilliseconds: true }) : performedAt;
    }
    const locale = values.locale as string | undefined;
    if (locale !== undefined) {
      // The client's language, over the file's client.locale (the clinic's default without either).
      if (languageOf(locale) === null) throw new UsageError(`--locale ${LANGUAGE_HINT}`);
      const client = (body as { client?: Record<string, unknown> }).client;
      if (!client || typeof client !== 'object') throw new UsageError('--locale: the file has no "client" object to apply it to');
      client.locale = locale;
    }
    const result = await enrollBody(body);
    const zone = (body as { client?: { timezone?: string } }).client?.timezone ?? 'UTC';
    printEnrollment(result, zone, Boolean(values.json));
  },
};
