/**
 * `aftercare list [--clinic <id>] [--client-ref <ref>] [--phone <number>]`: the enrolled sessions,
 * newest first. A phone is found through its PhoneHash (PHONE_HASH_KEY); with --clinic, it may be
 * written as the clinic's country writes it.
 */
import { CLINIC_ID } from '../../domain/identifiers';
import { operatorCaller } from '../../app/caller';
import { listEnrollments, type ListRequest } from '../../app/list';
import { cliConfig, withClient, withClinics } from '../context';
import { printJson, table, UsageError, type Command } from '../kit';

export const list: Command = {
  summary: 'list enrolled sessions, optionally of one clinic',
  usage: 'aftercare list [--clinic <id>] [--client-ref <ref>] [--phone <number>] [--json]',
  options: { clinic: { type: 'string' }, 'client-ref': { type: 'string' }, phone: { type: 'string' }, json: { type: 'boolean' } },
  flags: { clinicId: '--clinic', clientRef: '--client-ref', phone: '--phone' },
  async run({ values }) {
    const clinicId = values.clinic as string | undefined;
    if (clinicId !== undefined && !CLINIC_ID.test(clinicId)) throw new UsageError(`--clinic "${clinicId}" is not a clinic ID (lowercase letters, digits, dashes)`);
    const clientRef = values['client-ref'] as string | undefined;
    const phone = values.phone as string | undefined;
    const search = { clinicId, clientRef, phone, ...(phone !== undefined ? { phoneHashKey: cliConfig().PHONE_HASH_KEY } : {}) };
    const run = (extra: Partial<ListRequest>) => withClient((client) => listEnrollments({ client, caller: operatorCaller('cli'), ...search, ...extra }));
    // A national number is read in the clinic's country: only then is the database opened.
    const rows = phone !== undefined && clinicId !== undefined ? await withClinics((clinics) => run({ clinics })) : await run({});
    if (values.json) {
      printJson(rows);
      return;
    }
    if (!rows.length) {
      process.stdout.write(`No enrollments${clinicId ? ` for clinic ${clinicId}` : ''}${clientRef || phone ? ' matching the search' : ''}.\n`);
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
