/**
 * A client's course: every session of one client reference at one clinic, found by visibility
 * (the ClinicId and ClientRef search attributes), each read by its run's status query, as one
 * record for the API, the CLI and the page. Which session comes next, and whether it can be
 * enrolled today, is decided here once (the page only shows it).
 */
import type { TouchUpView } from '../workflows/touch-up-contract';
import { touchUpView } from './touch-ups';
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import type { ClinicDirectory } from '../domain/clinic';
import { CLIENT_REF, CLIENT_REF_HINT, CLINIC_ID, CLINIC_ID_HINT } from '../domain/identifiers';
import type { AftercareStatus, Phase } from '../workflows/contract';
import { requireClinicVisible, type Caller } from './caller';
import { getClinicOf } from './clinics';
import { InvalidInputError, UnknownClientError } from './errors';
import { listEnrollments, type ListRow } from './list';
import { getStatus } from './status';

/** Where a session of the course stands: its timeline still running, over, or cancelled by staff. */
export type CourseSessionStatus = 'healing' | 'done' | 'cancelled';

export interface CourseSession {
  workflowId: string;
  sessionNumber: number;
  /** When the session was; null when its run cannot say (a worker older than the course). */
  performedAt: string | null;
  phase: Phase | string | null;
  status: CourseSessionStatus;
  /** The next session's appointment this session's run recorded. */
  booking?: { appointmentAt: string };
}

export interface NextSession {
  number: number;
  appointmentAt: string;
  /** The session whose run recorded the booking: the next enrolment is prefilled from it. */
  fromWorkflowId: string;
  /** The appointment's day has come in the client's zone: offer to enrol it now. */
  enrolNow: boolean;
}

export interface Course {
  clinicId: string;
  clientRef: string;
  plannedSessions: number;
  /** The final planned session is enrolled and its timeline is over. */
  complete: boolean;
  sessions: CourseSession[];
  nextSession: NextSession | null;
  /** The client's touch-up reminders (workflows/touch-up.ts); null when none was ever started. */
  touchUp: TouchUpView | null;
}

/** Whether the appointment's calendar day has come in `zone`. */
export function appointmentDayHasCome(appointmentAt: string, zone: string, now: Date): boolean {
  const day = DateTime.fromISO(appointmentAt, { zone }).toISODate() as string;
  return (DateTime.fromJSDate(now, { zone }).toISODate() as string) >= day;
}

function statusOf(phase: string | null): CourseSessionStatus {
  if (phase === 'cancelled') return 'cancelled';
  // A superseded session's healing carries on under the newer session's timeline.
  return phase === 'completed' || phase === 'superseded' ? 'done' : 'healing';
}

/** The session as its run tells it, or as visibility does when the run cannot answer. */
async function sessionOf(client: Client, row: ListRow): Promise<{ session: CourseSession; status?: AftercareStatus }> {
  let status: AftercareStatus | undefined;
  try {
    status = await getStatus({ client, workflowId: row.workflowId });
  } catch {
    status = undefined;
  }
  const phase = status?.phase ?? row.phase;
  const appointmentAt = status?.booking.appointmentAt ?? null;
  return {
    session: {
      workflowId: row.workflowId,
      sessionNumber: status?.sessionNumber ?? row.sessionNumber ?? 0,
      performedAt: status?.session?.performedAt ?? null,
      phase,
      status: statusOf(phase),
      ...(appointmentAt ? { booking: { appointmentAt } } : {}),
    },
    ...(status ? { status } : {}),
  };
}

export interface CourseRequest {
  client: Client;
  caller: Caller;
  clinics: ClinicDirectory;
  clinicId: string;
  clientRef: string;
  now: Date;
}

/** InvalidInputError for a malformed clinicId or clientRef; UnknownClinicError, UnknownClientError (both 404). */
export async function courseOf(req: CourseRequest): Promise<Course> {
  const { clinicId, clientRef } = req;
  const issues = [
    ...(CLINIC_ID.test(clinicId) ? [] : [{ path: 'clinicId', message: CLINIC_ID_HINT }]),
    ...(CLIENT_REF.test(clientRef) ? [] : [{ path: 'clientRef', message: CLIENT_REF_HINT }]),
  ];
  if (issues.length) throw new InvalidInputError(issues);
  requireClinicVisible(req.caller, clinicId);
  const clinic = await getClinicOf(req.clinics, clinicId);
  const rows = await listEnrollments({ client: req.client, caller: req.caller, clinicId, clientRef });
  if (rows.length === 0) throw new UnknownClientError(clinicId, clientRef);

  const read = await Promise.all(rows.map((row) => sessionOf(req.client, row)));
  // One card per session number: the newest enrolment of it, should there be two.
  const byNumber = new Map<number, (typeof read)[number]>();
  for (const r of read) if (!byNumber.has(r.session.sessionNumber)) byNumber.set(r.session.sessionNumber, r);
  const ordered = [...byNumber.values()].sort((a, b) => a.session.sessionNumber - b.session.sessionNumber);
  const latest = ordered[ordered.length - 1]!;
  const plannedSessions = latest.status?.session?.plannedSessions ?? clinic.plannedSessions;
  const sessions = ordered.map((r) => r.session);
  const final = sessions.find((s) => s.sessionNumber >= plannedSessions);

  return {
    clinicId,
    clientRef,
    plannedSessions,
    complete: final?.status === 'done',
    sessions,
    nextSession: nextSessionOf(latest, plannedSessions, req.now),
    touchUp: await touchUpView(req.client, clinicId, clientRef),
  };
}

/** The session after the newest one, when its run recorded a booking for it and the course plans it. */
function nextSessionOf(latest: { session: CourseSession; status?: AftercareStatus }, plannedSessions: number, now: Date): NextSession | null {
  const { session, status } = latest;
  const appointmentAt = session.booking?.appointmentAt;
  if (!appointmentAt || !status || session.sessionNumber >= plannedSessions || session.status === 'cancelled') return null;
  return {
    number: session.sessionNumber + 1,
    appointmentAt,
    fromWorkflowId: session.workflowId,
    enrolNow: appointmentDayHasCome(appointmentAt, status.timezone, now),
  };
}
