/**
 * `aftercare key create|list|revoke`: a clinic's API keys (app/keys.ts), as the administrator at
 * the server. `create` prints the key once: it is kept only as a digest and cannot be shown again.
 */
import { createKey, listKeys, revokeKey, type KeyView } from '../../app/keys';
import { cliCaller, withAdmin } from '../admin';
import { printJson, requireString, table, UsageError, type Command } from '../kit';

const SUBCOMMANDS = ['create', 'list', 'revoke'];

function keysTable(keys: KeyView[]): string {
  if (keys.length === 0) return 'No keys yet: make one with `aftercare key create --clinic <id> --name <name>`.';
  return table(
    ['ID', 'NAME', 'CREATED', 'LAST USED', 'REVOKED'],
    keys.map((k) => [k.id, k.name, k.createdAt, k.lastUsedAt ?? 'never', k.revokedAt ?? '-']),
  );
}

export const key: Command = {
  summary: "make, list or revoke a clinic's API keys",
  usage: [
    'aftercare key create --clinic <clinicId> --name <name> [--json]   (prints the key once)',
    '       aftercare key list --clinic <clinicId> [--json]',
    '       aftercare key revoke --clinic <clinicId> <keyId>',
  ].join('\n'),
  options: { clinic: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } },
  flags: { name: '--name', clinicId: '--clinic', keyId: '<keyId>' },
  async run({ values, positionals }) {
    const [sub, ...rest] = positionals;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new UsageError(`<subcommand> must be one of: ${SUBCOMMANDS.join(', ')}`);
    const clinicId = requireString(values, 'clinic');
    const json = Boolean(values.json);
    switch (sub) {
      case 'create': {
        if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
        const made = await withAdmin((deps) => createKey(deps, cliCaller, clinicId, { name: values.name }));
        if (json) printJson(made);
        else {
          process.stdout.write(
            `Made key ${made.id} ("${made.name}") for clinic ${clinicId}. Its systems send it as Authorization: Bearer <key>.\n` +
              `This is the only time it is shown; keep it somewhere safe:\n\n${made.key}\n`,
          );
        }
        return;
      }
      case 'list': {
        if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
        const keys = await withAdmin((deps) => listKeys(deps, cliCaller, clinicId));
        if (json) printJson(keys);
        else process.stdout.write(`${keysTable(keys)}\n`);
        return;
      }
      case 'revoke': {
        const [keyId, ...extra] = rest;
        if (!keyId) throw new UsageError('<keyId> is required (see `aftercare key list --clinic <clinicId>`)');
        if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
        await withAdmin((deps) => revokeKey(deps, cliCaller, clinicId, keyId));
        process.stdout.write(`Revoked key ${keyId} of clinic ${clinicId}: requests with it get 401 from now on.\n`);
        return;
      }
    }
  },
};
