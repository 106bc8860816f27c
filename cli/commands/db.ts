/** `aftercare db migrate`: brings the application database's schema up to date (docs/database.md). */
import { openDatabase } from '../../platform/database/connection';
import { migrateToLatest } from '../../platform/database/migrate';
import { cliConfig } from '../context';
import { UsageError, type Command } from '../kit';

const SUBCOMMANDS = ['migrate'];

/** Network errors of pg carry a code; say which server could not be reached, never its password. */
function unreachable(err: unknown, location: string): Error | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const message = (err as Error | undefined)?.message ?? '';
  const network = code !== undefined && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH)$/.test(code);
  if (!network && !/timeout expired|Connection terminated/i.test(message)) return undefined;
  return new Error(`database unreachable at ${location} (${code ?? message}): check DATABASE_URL and that the server is running`);
}

export const db: Command = {
  summary: "apply the application database's migrations (DATABASE_URL, or PGlite in DATA_DIR)",
  usage: 'aftercare db migrate',
  options: {},
  async run({ positionals }) {
    const [sub, ...extra] = positionals;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new UsageError(`<subcommand> must be one of: ${SUBCOMMANDS.join(', ')}`);
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const { db: database, kind, location } = await openDatabase(cliConfig());
    try {
      const { applied, total } = await migrateToLatest(database);
      const what = applied.length ? `applied ${applied.length} (${applied.join(', ')})` : 'nothing to apply';
      process.stdout.write(`${kind} ${location}: ${what}; ${total} of ${total} migrations in place\n`);
    } catch (err) {
      throw unreachable(err, location) ?? err;
    } finally {
      await database.destroy().catch(() => undefined);
    }
  },
};
