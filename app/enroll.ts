/**
 * Enrolling a client: the body parsed once, the clinic resolved, the session's run started. The
 * API, the CLI's `enroll` and `demo` all come through here, so all refuse the same things with the
 * same words.
 */
import type { Client } from '@temporalio/client';
import type { ClinicDirectory } from '../domain/clinic';
import { requireClinicVisible, type Caller } from './caller';
import { profileOf } from '../domain/clinic';
import { clinicForEnrolment } from './clinics';
import { parseEnrollment, type Enrollment } from './enrollment-schema';
import { startAftercare, toWorkflowInput, type EnrollmentResult } from './enrollment-service';

export type { EnrollmentResult } from './enrollment-service';

export interface EnrollRequest {
  client: Client;
  /** Who enrols: the body's clinic must be one they may see (UnknownClinicError otherwise, as for no such clinic). */
  caller: Caller;
  /** Read at enrolment: the run takes the clinic's profile as it is now. */
  clinics: ClinicDirectory;
  /** The untrusted body (interface.md's enrollment JSON). */
  body: unknown;
  now: Date;
  /** PHONE_HASH_KEY: without it the PhoneHash and EmailHash search attributes are not set, so STOP and the unsubscribe link cannot find the client. */
  phoneHashKey: string | undefined;
  /** Demo only: one day of the timeline lasts this many seconds. */
  demoSecondsPerDay?: number;
}

/**
 * Throws InvalidInputError (naming every bad field, or `clinicId` of a deactivated clinic),
 * UnknownClinicError or AlreadyEnrolledError; nothing is started then.
 */
export async function enroll(req: EnrollRequest): Promise<EnrollmentResult> {
  const { body, ...rest } = req;
  return enrollParsed({ ...rest, enrollment: parseEnrollment(body, req.now) });
}

export interface EnrollParsedRequest extends Omit<EnrollRequest, 'body'> {
  /** The body as `parseEnrollment` returned it, with the same `now`. */
  enrollment: Enrollment;
}

/**
 * `enroll` after the parse: for a caller that has parsed the body already (a bulk import checks
 * every row before it starts any), so that nothing is parsed twice. Same refusals otherwise.
 */
export async function enrollParsed(req: EnrollParsedRequest): Promise<EnrollmentResult> {
  const { enrollment } = req;
  requireClinicVisible(req.caller, enrollment.clinicId);
  const clinic = await clinicForEnrolment(req.clinics, enrollment.clinicId);
  const input = toWorkflowInput(enrollment, profileOf(clinic), req.now, {
    defaultLocale: clinic.defaultLocale,
    photoCheckIns: clinic.photoCheckIns,
    ...(req.phoneHashKey ? { phoneHashKey: req.phoneHashKey } : {}),
    ...(req.demoSecondsPerDay ? { demoSecondsPerDay: req.demoSecondsPerDay } : {}),
  });
  return startAftercare(req.client, input);
}
