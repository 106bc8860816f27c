/**
 * A session's calendar as a phone subscribed to it reads it (GET /calendar/<token>.ics): the
 * phases and the booked appointment as the run's status has them now, in the client's zone and
 * language, with the clinic's current name. No contact detail goes in: the status has none.
 */
import type { Client } from '@temporalio/client';
import { renderIcs } from '../activities/email/ics';
import { calendarEvents, calendarName } from '../domain/calendar';
import type { ClinicDirectory } from '../domain/clinic';
import { getStatus } from './status';

export async function calendarFeed(req: { client: Client; clinics: ClinicDirectory; workflowId: string; now: Date }): Promise<string> {
  const status = await getStatus({ client: req.client, workflowId: req.workflowId });
  const clinic = await req.clinics.get(status.clinicId);
  // A clinic the store lost (never expected): its id stands in for the name.
  const clinicName = clinic?.name ?? status.clinicId;
  const events = calendarEvents({
    workflowId: req.workflowId,
    plan: status.plan,
    timezone: status.timezone,
    locale: status.locale,
    clinicName,
    sessionNumber: status.sessionNumber,
    appointmentAt: status.booking.appointmentAt,
    sequence: status.calendarSequence ?? 0,
  });
  return renderIcs(events, { method: 'PUBLISH', stamp: req.now, name: calendarName(clinicName, status.locale) });
}
