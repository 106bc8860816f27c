/** `aftercare status <workflowId>`: the run's `status` query, as a summary or JSON. */
import { getStatus } from '../../app/status';
import { withClient } from '../context';
import { formatStatus } from '../format-status';
import { printJson, workflowIdArg, type Command } from '../kit';

export const status: Command = {
  summary: "show a client's phase, next step and what was sent",
  usage: 'aftercare status <workflowId> [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const s = await withClient((client) => getStatus({ client, workflowId }));
    if (values.json) printJson(s);
    else process.stdout.write(`${formatStatus(workflowId, s)}\n`);
  },
};
