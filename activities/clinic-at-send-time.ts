/**
 * Reading the clinic when a message goes, for runs since the `clinic-read-at-send-time` patch: the
 * client gets the clinic's current name, phone and booking link, and the send goes from the
 * clinic's current sender, however long ago the client was enrolled.
 *
 * A clinic the directory does not know (clinics are never deleted, so a worker pointed at the
 * wrong database, or a clinics file missing one) does not cost the client their aftercare: the
 * message goes with the enrolment's snapshot and the platform's sender, and a warning names the
 * clinic id. A directory that cannot be read is a transient failure, retried like any other.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Clinic, ClinicDirectory } from '../domain/clinic';
import { isClientStep, renderClientMessage, type ClientMessage, type MessageContext } from '../domain/messages';
import { renderTouchUp } from '../domain/messages/touch-up';
import type { StepId } from '../domain/steps';
import { transientFailure, type ActivityLog } from './errors';
import { TRANSIENT_FAILURE, type ClientMessageRequest, type TouchUpMessageRequest } from './types';

/** The clinic as it is now; undefined (with a warning) when the directory does not know it. */
export async function clinicAtSendTime(
  clinics: ClinicDirectory | undefined,
  clinicId: string,
  log: ActivityLog,
  ids: Record<string, unknown>,
): Promise<Clinic | undefined> {
  let clinic: Clinic | undefined;
  try {
    clinic = await clinics?.get(clinicId);
  } catch (err) {
    // The store's own message may quote a connection string: say what kind of failure only.
    const kind = err instanceof Error ? err.name : typeof err;
    throw transientFailure(TRANSIENT_FAILURE.clinicDirectoryUnavailable, `could not read clinic '${clinicId}' at send time: ${kind}`);
  }
  if (!clinic) log.warn('clinic unknown at send time: sending with the enrolment snapshot and the platform sender', { ...ids, clinicId });
  return clinic;
}

/** The clinic's facts a message is rendered with: as they are now, else the run's snapshot. */
export function clinicFacts(request: ClientMessageRequest, clinic: Clinic | undefined): MessageContext['clinic'] {
  return clinic ? { name: clinic.name, phone: clinic.phone, bookingUrl: clinic.bookingUrl } : request.clinicSnapshot;
}

/**
 * The message of `step`, with the clinic's current details, or the snapshot without a clinic; its
 * email's footer has the recipient's unsubscribe link when there is one, and the welcome the
 * session's calendar address.
 */
export function renderAtSendTime(step: StepId, request: ClientMessageRequest, clinic: Clinic | undefined, unsubscribeUrl?: string, calendarUrl?: string): ClientMessage {
  if (!isClientStep(step)) {
    // Only a caller other than the workflow can ask this; retrying would not change the answer.
    throw ApplicationFailure.create({ type: 'NotAClientStep', nonRetryable: true, message: `step '${step}' is not a message to the client` });
  }
  const facts = clinicFacts(request, clinic);
  return renderClientMessage(step, { ...request.context, clinic: facts, ...(unsubscribeUrl ? { unsubscribeUrl } : {}), ...(calendarUrl ? { calendarUrl } : {}) });
}

/** A touch-up reminder, with the clinic's current details (the snapshot without a clinic) and the recipient's unsubscribe link. */
export function renderTouchUpAtSendTime(request: TouchUpMessageRequest, clinic: Clinic | undefined, unsubscribeUrl?: string): ClientMessage {
  const facts = clinic ? { name: clinic.name, phone: clinic.phone, bookingUrl: clinic.bookingUrl } : request.clinicSnapshot;
  return renderTouchUp({ ...request.context, clinic: facts, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) });
}
