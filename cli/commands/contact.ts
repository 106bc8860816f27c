/**
 * `aftercare contact <workflowId> [--phone <E.164>] [--email <address>] [--timezone <IANA zone>]`:
 * changes the client's contact details or zone (the workflow checks each; a new zone replans the
 * steps to come). A new phone needs PHONE_HASH_KEY, so that a STOP from it finds the client.
 */
import { changeContact } from '../../app/contact';
import { CONTACT_CHANGE_HINT } from '../../workflows/update-validators';
import { isTimeZone, TIMEZONE_HINT } from '../../domain/time';
import { fieldsGiven } from '../../app/audit-entry';
import { auditRunChange } from '../audit';
import { cliConfig, withClient } from '../context';
import { formatStatus } from '../format-status';
import { printJson, UsageError, workflowIdArg, type Command } from '../kit';

export const contact: Command = {
  summary: "change the client's phone, email or time zone",
  usage: 'aftercare contact <workflowId> [--phone <E.164>] [--email <address>] [--timezone <IANA zone>] [--json]',
  options: { phone: { type: 'string' }, email: { type: 'string' }, timezone: { type: 'string' }, json: { type: 'boolean' } },
  flags: { phone: '--phone', email: '--email', timezone: '--timezone', phoneHash: '--phone', '(body)': 'contact' },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const [phone, email, timezone] = (['phone', 'email', 'timezone'] as const).map((k) => values[k] as string | undefined);
    if (phone === undefined && email === undefined && timezone === undefined) throw new UsageError(`${CONTACT_CHANGE_HINT} (--phone, --email, --timezone)`);
    if (timezone !== undefined && !isTimeZone(timezone)) throw new UsageError(`--timezone ${TIMEZONE_HINT} (got "${timezone}")`);
    const s = await withClient(async (client) => {
      const status = await changeContact({ client, workflowId, phone, email, timezone, phoneHashKey: cliConfig().PHONE_HASH_KEY });
      await auditRunChange(client, { action: 'contact.changed', workflowId, detail: { fields: fieldsGiven({ phone, email, timezone }) } });
      return status;
    });
    if (values.json) printJson(s);
    else process.stdout.write(`Contact changed.\n${formatStatus(workflowId, s)}\n`);
  },
};
