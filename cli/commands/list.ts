/** `aftercare list [--clinic <id>]`: the enrolled sessions, newest first. */
import { CLINIC_ID } from '../../domain/identifiers';
import { operatorCaller } from '../../app/caller';
import { listEnrollments } from '../../app/list';
import { withClient } from '../context';
import { printJson, table, UsageError, type Command } from '../kit';

export const list: Command = {
  summary: 'list enrolled sessions, optionally of one clinic',
  usage: 'aftercare list [--clinic <id>] [--json]',
  options: { clinic: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const clinicId = values.clinic as string | undefined;
    if (clinicId !== undefined && !CLINIC_ID.test(clinicId)) throw new UsageError(`--clinic "${clinicId}" is not a clinic ID (lowercase letters, digits, dashes)`);
    const rows = await withClient((client) => listEnrollments({ client, caller: operatorCaller('cli'), clinicId }));
    if (values.json) {
      printJson(rows);
      return;
    }
    if (!rows.length) {
      process.stdout.write(`No enrollments${clinicId ? ` for clinic ${clinicId}` : ''}.\n`);
      return;
    }
    process.stdout.write(
      `${table(
        ['workflow', 'clinic', 'client', 'session', 'phase', 'next step (UTC)', 'booking'],
        rows.map((r) => [r.workflowId, r.clinicId ?? '', r.clientRef ?? '', String(r.sessionNumber ?? ''), r.phase ?? '', r.nextStepAt ?? '-', r.bookingStatus ?? '']),
      )}\n`,
    );
  },
};
