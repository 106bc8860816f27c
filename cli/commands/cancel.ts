/** `aftercare cancel <workflowId>`: stops the run's messages. */
import { cancelRun } from '../../app/cancel';
import { auditRunChange } from '../audit';
import { withClient } from '../context';
import { printJson, reasonArg, workflowIdArg, type Command } from '../kit';

export const cancel: Command = {
  summary: "stop a client's aftercare messages",
  usage: 'aftercare cancel <workflowId> [--reason <text>] [--json]',
  options: { reason: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const reason = reasonArg(values, 'cancelled from the command line');
    const result = await withClient(async (client) => {
      const cancelled = await cancelRun({ client, workflowId, reason });
      await auditRunChange(client, { action: 'enrollment.cancelled', workflowId, detail: { reason } });
      return cancelled;
    });
    if (values.json) printJson(result);
    else process.stdout.write(`Cancelled ${workflowId}: ${reason}\n`);
  },
};
