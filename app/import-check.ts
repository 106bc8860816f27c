/**
 * The check of one import row, before anything is started: the HTTP API's own enrolment schema
 * (parseEnrollment), then what the enrolment would refuse (a clinic the caller may not see, a
 * deactivated one, a session beyond the clinic's planned sessions), then whether anything is left
 * to send. A row passes when this returns no issue.
 */
import { DateTime } from 'luxon';
import { profileOf, type ClinicDirectory } from '../domain/clinic';
import type { FieldIssue } from '../domain/field-issue';
import { UnknownClinicError } from '../platform/clinics';
import { canSeeClinic, type Caller } from './caller';
import { clinicForEnrolment } from './clinics';
import { parseEnrollment } from './enrollment-schema';
import { planFor, toWorkflowInput } from './enrollment-service';
import { InvalidInputError } from './errors';

export interface RowCheck {
  caller: Caller;
  clinics: ClinicDirectory;
  now: Date;
}

/** The words for a clinic the caller may not import into: the same whether it exists or not. */
export const UNKNOWN_CLINIC: FieldIssue = { path: 'clinicId', message: 'unknown clinic (or not one you may enrol clients at)' };

/**
 * A session whose whole aftercare has passed: its plan would be the welcome alone, sent weeks late
 * to a client who has healed. Such a row is refused, and no run is started for it.
 */
export function nothingLeftIssue(performedAt: string, now: Date): FieldIssue {
  const days = Math.floor(now.getTime() / 86_400_000 - DateTime.fromISO(performedAt).toMillis() / 86_400_000);
  return { path: 'session.performedAt', message: `was ${days} days ago: every step of its aftercare has passed, so nothing is left to send (not enrolled)` };
}

export async function rowIssues(body: unknown, check: RowCheck): Promise<FieldIssue[]> {
  try {
    const enrollment = parseEnrollment(body, check.now);
    if (!canSeeClinic(check.caller, enrollment.clinicId)) return [UNKNOWN_CLINIC];
    const clinic = await clinicForEnrolment(check.clinics, enrollment.clinicId);
    const input = toWorkflowInput(enrollment, profileOf(clinic), check.now, { photoCheckIns: clinic.photoCheckIns });
    const plan = planFor(input);
    if (plan.every((step) => step.step === 'welcome')) return [nothingLeftIssue(enrollment.session.performedAt, check.now)];
    return [];
  } catch (err) {
    if (err instanceof InvalidInputError) return err.issues;
    if (err instanceof UnknownClinicError) return [UNKNOWN_CLINIC];
    throw err;
  }
}
