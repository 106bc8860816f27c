/**
 * `aftercare admin create --email <e> --name <n>`: a platform administrator, made at the server's
 * command line (another one, or one to replace a forgotten first administrator). The one-time
 * password is printed here once, on the terminal only; the person can change it by "Forgot
 * password" on the sign-in page.
 */
import { AdminEmailTakenError, createAdmin } from '../../app/first-admin';
import { openAccessStores } from '../../platform/database/access-stores';
import { sealerOf } from '../../platform/sealed';
import { cliConfig, withDatabase } from '../context';
import { requireString, UsageError, type Command } from '../kit';

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;
const NAME_MAX = 100;

export const admin: Command = {
  summary: 'make a platform administrator, with a one-time password',
  usage: 'aftercare admin create --email <address> --name <name>',
  options: { email: { type: 'string' }, name: { type: 'string' } },
  async run({ values, positionals }) {
    const [sub, ...extra] = positionals;
    if (sub !== 'create') throw new UsageError('<subcommand> must be: create');
    if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const email = requireString(values, 'email').trim();
    if (!EMAIL.test(email)) throw new UsageError('--email must be an email address');
    const name = requireString(values, 'name').trim();
    if (name === '' || name.length > NAME_MAX) throw new UsageError(`--name must be 1 to ${NAME_MAX} characters`);

    const { person, password } = await withDatabase((db) => createAdmin(openAccessStores(db, sealerOf(cliConfig())).people, email, name)).catch((err: unknown) => {
      throw err instanceof AdminEmailTakenError ? new UsageError(`--email: ${err.message}`) : err;
    });
    process.stdout.write(
      `Administrator ${person.id} made. Sign in as ${email} with this one-time password (shown only now):\n  ${password}\n` +
        'Change it with "Forgot password" on the sign-in page.\n',
    );
  },
};
