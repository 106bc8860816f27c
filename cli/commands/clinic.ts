/**
 * `aftercare clinic add|edit|list|import`: the clinics in the application database, managed like
 * through the API (app/clinics.ts: the same checks and words). A change counts at once: the next
 * enrolment and the workers' next message read it.
 */
import { addClinic, changeClinic, clinicView, importClinicsFile, type ClinicView } from '../../app/clinics';
import type { Clinic } from '../../domain/clinic';
import { ClinicsFileError } from '../../platform/clinics';
import { CLINIC_FIELDS } from '../../domain/clinic-schema';
import { auditCli } from '../audit';
import { withClinics } from '../context';
import { printJson, requireString, table, UsageError, type Command } from '../kit';
import { readJsonFile } from './enroll';

const SUBCOMMANDS = ['add', 'edit', 'list', 'import'];
/** A first command on an empty database imports CLINICS_FILE: the clinic commands say so. */
const ANNOUNCE = { announceImport: true };

/** Who sends the clinic's texts, in a few words. */
function senderOf(c: Clinic): string {
  const via = c.sms.from ?? c.sms.messagingServiceSid ?? 'platform sender';
  return c.sms.accountSid ? `${via} (sub-account ${c.sms.accountSid.slice(0, 8)}…)` : via;
}

function listTable(clinics: Clinic[]): string {
  if (clinics.length === 0) return 'No clinics yet: add one with `aftercare clinic add --file <clinic.json>`.';
  return table(
    ['ID', 'NAME', 'PHONE', 'ACTIVE', 'SMS SENDER', 'RATE/S'],
    clinics.map((c) => [c.id, c.name, c.phone, c.active ? 'yes' : 'no', senderOf(c), String(c.sms.ratePerSecond)]),
  );
}

function print(view: ClinicView | ClinicView[], json: boolean, line: string): void {
  if (json) printJson(view);
  else process.stdout.write(`${line}\n`);
}

function oneId(positionals: string[], what: string): string {
  const [id, ...extra] = positionals;
  if (!id) throw new UsageError(`<${what}> is required`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return id;
}

export const clinic: Command = {
  summary: 'add, change, list or import clinics (the application database)',
  usage: [
    'aftercare clinic add --file <clinic.json> [--json]',
    '       aftercare clinic edit <clinicId> --file <changes.json> [--json]   (only the fields to change; null removes one, "active": false deactivates)',
    '       aftercare clinic list [--json]',
    '       aftercare clinic import <clinics.json> [--json]                   (a CLINICS_FILE: new ids added, existing ones skipped)',
  ].join('\n'),
  options: { file: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const [sub, ...rest] = positionals;
    if (!sub || !SUBCOMMANDS.includes(sub)) throw new UsageError(`<subcommand> must be one of: ${SUBCOMMANDS.join(', ')}`);
    const json = Boolean(values.json);
    switch (sub) {
      case 'add': {
        if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
        const body = readJsonFile(requireString(values, 'file'));
        const added = await withClinics((clinics) => addClinic(clinics, body), ANNOUNCE);
        await auditCli({ action: 'clinic.added', clinicId: added.id });
        print(clinicView(added), json, `Added clinic ${added.id} (${added.name}); it takes enrolments now.`);
        return;
      }
      case 'edit': {
        const id = oneId(rest, 'clinicId');
        const patch = readJsonFile(requireString(values, 'file'));
        const changed = await withClinics((clinics) => changeClinic(clinics, id, patch), ANNOUNCE);
        // Which fields changed, never their values.
        await auditCli({ action: 'clinic.changed', clinicId: id, detail: { fields: CLINIC_FIELDS.filter((f) => Object.hasOwn(patch as object, f)) } });
        const fields = typeof patch === 'object' && patch !== null ? Object.keys(patch).join(', ') : '';
        print(clinicView(changed), json, `Changed clinic ${changed.id}: ${fields}${changed.active ? '' : ' (deactivated: no new enrolments)'}.`);
        return;
      }
      case 'list': {
        if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
        const all = await withClinics((clinics) => clinics.list(), ANNOUNCE);
        if (json) printJson(all.map(clinicView));
        else process.stdout.write(`${listTable(all)}\n`);
        return;
      }
      case 'import': {
        const file = oneId(rest, 'file');
        // Explicit: this file only, not CLINICS_FILE as well.
        const result = await withClinics((clinics) => importClinicsFile(clinics, file), { importFile: false }).catch((err: unknown) => {
          throw err instanceof ClinicsFileError ? new UsageError(err.message) : err;
        });
        await auditCli(result.added.map((clinicId) => ({ action: 'clinic.added' as const, clinicId, detail: { from: 'file' } })));
        if (json) {
          printJson(result);
          return;
        }
        const added = result.added.length ? `imported ${result.added.length}: ${result.added.join(', ')}` : 'imported none';
        const skipped = result.skipped.length ? `; skipped ${result.skipped.length} already there (left unchanged): ${result.skipped.join(', ')}` : '';
        process.stdout.write(`${added}${skipped}\n`);
        return;
      }
    }
  },
};
