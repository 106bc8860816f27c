/**
 * `aftercare handled <workflowId> [--note <text>]`: staff have looked into the client's urgent
 * concern; the booking prompts held since it opened go on. Refused (exit 2) when none is open.
 * The note may hold health details: the audit log records only that one was given.
 */
import { concernHandledDetail, concernNoteSchema, markConcernHandled } from '../../app/concern';
import { auditRunChange } from '../audit';
import { withClient } from '../context';
import { formatStatus } from '../format-status';
import { printJson, UsageError, workflowIdArg, type Command } from '../kit';

export const handled: Command = {
  summary: "mark the client's urgent concern handled: held booking prompts go on",
  usage: 'aftercare handled <workflowId> [--note <text>] [--json]',
  options: { note: { type: 'string' }, json: { type: 'boolean' } },
  flags: { note: '--note' },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    let note: string | undefined;
    if (values.note !== undefined) {
      const parsed = concernNoteSchema.safeParse(values.note);
      if (!parsed.success) throw new UsageError(`--note ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
      note = parsed.data;
    }
    const s = await withClient(async (client) => {
      const status = await markConcernHandled({ client, workflowId, note });
      await auditRunChange(client, { action: 'concern.handled', workflowId, detail: concernHandledDetail(note) });
      return status;
    });
    if (values.json) printJson(s);
    else process.stdout.write(`Concern marked handled.\n${formatStatus(workflowId, s)}\n`);
  },
};
