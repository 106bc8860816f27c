/**
 * `aftercare book <workflowId> --at <ISO>`: records the next appointment (the workflow checks it);
 * again to reschedule. `--clear` removes it: the booking prompts still ahead come back.
 */
import { isoInstantSchema } from '../../domain/plan-input';
import { clearBooking, recordBooking } from '../../app/book';
import { auditRunChange } from '../audit';
import { withClient } from '../context';
import { formatStatus } from '../format-status';
import { printJson, requireString, UsageError, workflowIdArg, type Command } from '../kit';

export const book: Command = {
  summary: "record, reschedule or clear the client's next appointment",
  usage: 'aftercare book <workflowId> (--at <ISO-8601 with offset> | --clear) [--json]',
  options: { at: { type: 'string' }, clear: { type: 'boolean' }, json: { type: 'boolean' } },
  flags: { appointmentAt: '--at', booking: '--clear' },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    if (values.clear) {
      if (values.at !== undefined) throw new UsageError('give --at or --clear, not both');
      const cleared = await withClient(async (client) => {
        const status = await clearBooking({ client, workflowId });
        await auditRunChange(client, { action: 'booking.cleared', workflowId });
        return status;
      });
      if (values.json) printJson(cleared);
      else process.stdout.write(`Booking cleared.\n${formatStatus(workflowId, cleared)}\n`);
      return;
    }
    const appointmentAt = requireString(values, 'at');
    if (!isoInstantSchema.safeParse(appointmentAt).success) throw new UsageError(`--at must be an ISO-8601 date and time with an offset (got "${appointmentAt}")`);
    const s = await withClient(async (client) => {
      const status = await recordBooking({ client, workflowId, appointmentAt });
      await auditRunChange(client, { action: 'booking.recorded', workflowId });
      return status;
    });
    if (values.json) printJson(s);
    else process.stdout.write(`Booking recorded.\n${formatStatus(workflowId, s)}\n`);
  },
};
