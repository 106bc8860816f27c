/** What `aftercare enroll` and `aftercare demo` share: enrolling through app/enroll.ts, and the printout. */
import { operatorCaller } from '../app/caller';
import { enroll as enrollClient, type EnrollmentResult } from '../app/enroll';
import { parseEnrollment } from '../app/enrollment-schema';
import { LANGUAGE_NAMES } from '../domain/i18n';
import { clinicOfWorkflowId } from '../domain/identifiers';
import { auditCli } from './audit';
import { cliConfig, withClient, withClinics } from './context';
import { printJson } from './kit';
import { planTable } from './plan-table';

export async function enrollBody(body: unknown, demoSecondsPerDay?: number): Promise<EnrollmentResult> {
  const phoneHashKey = cliConfig().PHONE_HASH_KEY;
  // A body that cannot be right is refused before the database is opened at all.
  parseEnrollment(body, new Date());
  // The clinic is read from the database as it is now, like the API does.
  const result = await withClinics((clinics) =>
    withClient((client) => enrollClient({ client, caller: operatorCaller('cli'), clinics, body, now: new Date(), phoneHashKey, ...(demoSecondsPerDay ? { demoSecondsPerDay } : {}) })),
  );
  // Once the clinics' database is closed again: the audit log opens it anew.
  await auditCli({ action: 'enrollment.created', clinicId: clinicOfWorkflowId(result.workflowId) ?? null, workflowId: result.workflowId });
  return result;
}

export function printEnrollment(result: EnrollmentResult, zone: string, json: boolean): void {
  if (json) {
    printJson(result);
    return;
  }
  const language = result.locale ? `Messages in: ${LANGUAGE_NAMES[result.locale]} (${result.locale})\n` : '';
  process.stdout.write(`Enrolled: ${result.workflowId}\n${language}\n${planTable(result.plan, zone)}\n\nFollow it with: npx aftercare status ${result.workflowId}\n`);
}
