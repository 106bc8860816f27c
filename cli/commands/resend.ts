/** `aftercare resend <workflowId> --step <id>`: sends an earlier client step again (the workflow checks which). */
import { CHANNELS, isChannel } from '../../domain/channels';
import { resendStep } from '../../app/resend';
import { auditRunChange } from '../audit';
import { withClient } from '../context';
import { printJson, reasonArg, requireString, UsageError, workflowIdArg, type Command } from '../kit';

export const resend: Command = {
  summary: 'send an earlier step to the client again (now, or when the window opens)',
  usage: 'aftercare resend <workflowId> --step <step id> [--channel sms|email] [--reason <text>] [--json]',
  options: { step: { type: 'string' }, channel: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
  flags: { step: '--step', channel: '--channel', reason: '--reason' },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const step = requireString(values, 'step');
    const channel = values.channel as string | undefined;
    if (channel !== undefined && !isChannel(channel)) throw new UsageError(`--channel must be ${CHANNELS.join(' or ')}`);
    const reason = reasonArg(values, 'resent from the command line');
    const s = await withClient(async (client) => {
      const status = await resendStep({ client, workflowId, step, channel, reason });
      await auditRunChange(client, { action: 'step.resent', workflowId, detail: { step, ...(channel ? { channel } : {}) } });
      return status;
    });
    if (values.json) printJson(s);
    else process.stdout.write(`Resend of ${step} queued: it goes now, or when the clinic's window next opens in the client's zone.\n`);
  },
};
