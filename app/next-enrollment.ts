/**
 * The enrolment of a client's next session, prefilled from the session before it: on the day of
 * the appointment that session's run recorded, the clinic enrols the next one without typing the
 * client's details again. The details come from the run itself (its clientDetails query: the
 * contact as it is now), so they are kept nowhere else. The answer is an enrolment body, for the
 * page's form to show and staff to check before they send it to POST /api/enrollments.
 */
import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { Channel } from '../domain/channels';
import { siblingWorkflowId } from '../domain/identifiers';
import { clientDetailsQuery } from '../workflows/contract';
import { appointmentDayHasCome } from './course';
import type { Enrollment } from './enrollment-schema';
import { NoNextSessionError, NotFoundError } from './errors';
import { workflowExists } from './enrollment-service';
import { getStatus } from './status';

/** The enrolment body of session N+1 (the shape POST /api/enrollments takes). */
export type NextEnrollment = Omit<Enrollment, 'session'> & { session: { number: number; performedAt: string; plannedSessions: number } };

/**
 * NotFoundError for no such run; NoNextSessionError when the session is the course's last, its
 * run recorded no booking, the appointment's day has not come in the client's zone, or the next
 * session is enrolled already. The caller has checked the run is the caller's clinic's.
 */
export async function nextEnrollment(req: { client: Client; workflowId: string; now: Date }): Promise<NextEnrollment> {
  const { client, workflowId, now } = req;
  const status = await getStatus({ client, workflowId });
  const planned = status.session?.plannedSessions;
  const n = status.sessionNumber;
  if (planned === undefined) throw new NoNextSessionError(workflowId, 'this run is older than courses and cannot say its course');
  if (n >= planned) throw new NoNextSessionError(workflowId, `session ${n} is the last of the ${planned} planned sessions`);
  const appointmentAt = status.booking.appointmentAt;
  if (!appointmentAt) throw new NoNextSessionError(workflowId, `no appointment for session ${n + 1} is recorded`);
  const zone = status.timezone;
  if (!appointmentDayHasCome(appointmentAt, zone, now)) {
    const day = DateTime.fromISO(appointmentAt, { zone }).toFormat('LLL d');
    throw new NoNextSessionError(workflowId, `session ${n + 1} is booked for ${day} (${zone}): enrol it on that day`);
  }
  const next = siblingWorkflowId(workflowId, n + 1);
  if (next && (await workflowExists(client, next))) throw new NoNextSessionError(workflowId, `session ${n + 1} is enrolled already as ${next}`);

  let details;
  try {
    details = await client.workflow.getHandle(workflowId).query(clientDetailsQuery);
  } catch (err) {
    if (err instanceof QueryNotRegisteredError) throw new NoNextSessionError(workflowId, 'this run is older than the prefilled enrolment');
    if (err instanceof WorkflowNotFoundError) throw new NotFoundError(workflowId);
    throw err;
  }
  // A channel the client stopped (STOP, unsubscribe) is not offered again: only they take that back.
  const offered = (c: Channel) => details.consent[c] && status.channels[c] !== 'opted-out';
  const performedAt = DateTime.fromMillis(Math.min(Date.parse(appointmentAt), now.getTime()), { zone }).toISO({ suppressMilliseconds: true }) as string;
  return {
    clinicId: status.clinicId,
    clientRef: status.clientRef,
    client: {
      firstName: details.firstName,
      ...(details.phone ? { phone: details.phone } : {}),
      ...(details.email ? { email: details.email } : {}),
      timezone: zone,
      ...(details.region ? { region: details.region } : {}),
      ...(details.locale ? { locale: details.locale } : {}),
      consent: { sms: offered('sms'), email: offered('email'), ...(details.consentRecord ? { text: details.consentRecord.text, at: details.consentRecord.at } : {}) },
    },
    session: { number: n + 1, performedAt, plannedSessions: planned },
  };
}
