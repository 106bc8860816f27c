/**
 * `aftercare consent <workflowId> --channel sms|email --text "<wording>"`: records a consent the
 * client gave after enrolment, with its wording and time, and turns that channel on.
 */
import { CHANNEL_LABEL } from '../../domain/channels';
import { grantConsent, parseConsent } from '../../app/consent';
import { auditRunChange } from '../audit';
import { withClient } from '../context';
import { formatStatus } from '../format-status';
import { printJson, requireString, workflowIdArg, type Command } from '../kit';

export const consent: Command = {
  summary: 'record a consent the client gave after enrolment (wording and time) and turn that channel on',
  usage: 'aftercare consent <workflowId> --channel sms|email --text "<the wording the client agreed to>" [--at <ISO-8601 with offset>] [--json]',
  options: { channel: { type: 'string' }, text: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
  flags: { channel: '--channel', text: '--text', at: '--at' },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const given = parseConsent({ channel: requireString(values, 'channel'), text: requireString(values, 'text'), at: values.at }, new Date());
    const s = await withClient(async (client) => {
      const status = await grantConsent({ client, workflowId, consent: given });
      await auditRunChange(client, { action: 'consent.recorded', workflowId, detail: { channel: given.channel } });
      return status;
    });
    if (values.json) printJson(s);
    else process.stdout.write(`Consent to ${CHANNEL_LABEL[given.channel]} recorded, as given at ${given.at}.\n${formatStatus(workflowId, s)}\n`);
  },
};
