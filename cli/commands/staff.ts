/**
 * `aftercare staff invite|list`: a clinic's people (app/staff.ts), as the administrator at the
 * server: the way to make a clinic's first owner without the front desk. The invitation goes by
 * email (SMTP_URL), with a link to the front desk (PUBLIC_BASE_URL, or localhost:PORT).
 */
import { createSmtpMailer } from '../../activities/email/smtp-mailer';
import { INVITATION_DAYS } from '../../app/person-links';
import { invite, listStaff, type PersonView } from '../../app/staff';
import { cliCaller, withAdmin } from '../admin';
import { cliConfig } from '../context';
import { printJson, requireString, table, UsageError, type Command } from '../kit';

const SUBCOMMANDS = ['invite', 'list'];

function staffTable(people: PersonView[]): string {
  if (people.length === 0) return 'Nobody yet: invite someone with `aftercare staff invite --clinic <id> --email <address> --name <name> --role owner`.';
  return table(
    ['ID', 'NAME', 'EMAIL', 'ROLE', 'ACTIVE', 'INVITED'],
    people.map((p) => [p.id, p.name, p.email, p.role, p.active ? 'yes' : 'no', p.invited ? 'not accepted yet' : 'accepted']),
  );
}

export const staff: Command = {
  summary: "invite people to a clinic, or list them",
  usage: [
    'aftercare staff invite --clinic <clinicId> --email <address> --name <name> --role owner|staff [--json]',
    '       aftercare staff list --clinic <clinicId> [--json]',
  ].join('\n'),
  options: { clinic: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, json: { type: 'boolean' } },
  flags: { clinicId: '--clinic', email: '--email', name: '--name', role: '--role' },
  async run({ values, positionals }) {
    const [sub, ...rest] = positionals;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new UsageError(`<subcommand> must be one of: ${SUBCOMMANDS.join(', ')}`);
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const clinicId = requireString(values, 'clinic');
    const json = Boolean(values.json);
    if (sub === 'list') {
      const people = await withAdmin((deps) => listStaff(deps, cliCaller, clinicId));
      if (json) printJson(people);
      else process.stdout.write(`${staffTable(people)}\n`);
      return;
    }
    const config = cliConfig();
    const mailer = createSmtpMailer({ url: config.SMTP_URL, from: config.EMAIL_FROM });
    try {
      const pageUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
      const body = { email: values.email, name: values.name, role: values.role };
      const person = await withAdmin((deps) => invite({ ...deps, mailer, pageUrl }, cliCaller, clinicId, body));
      if (json) printJson(person);
      else process.stdout.write(`Invited ${person.name} to clinic ${clinicId} as ${person.role}: the email with their link is on its way (it works for ${INVITATION_DAYS} days).\n`);
    } finally {
      mailer.close();
    }
  },
};
