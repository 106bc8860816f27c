/** `aftercare course <clinicId> <clientRef>`: a client's sessions as one course, as a table or JSON. */
import { operatorCaller } from '../../app/caller';
import { courseOf, type Course } from '../../app/course';
import { withClient, withClinics } from '../context';
import { printJson, table, UsageError, type Command } from '../kit';

const STATUS_WORDS = { healing: 'healing', done: 'done', cancelled: 'cancelled' } as const;

/** One row per planned session (and any beyond): enrolled, booked, or not yet. */
export function formatCourse(c: Course): string {
  const rows: string[][] = [];
  const last = Math.max(c.plannedSessions, ...c.sessions.map((s) => s.sessionNumber));
  for (let n = 1; n <= last; n++) {
    const s = c.sessions.find((x) => x.sessionNumber === n);
    if (s) rows.push([String(n), STATUS_WORDS[s.status], s.performedAt ?? '-', s.phase ?? '-', s.booking?.appointmentAt ?? '-', s.workflowId]);
    else if (c.nextSession?.number === n) rows.push([String(n), c.nextSession.enrolNow ? 'booked: enrol today' : 'booked', c.nextSession.appointmentAt, '-', '-', '-']);
    else rows.push([String(n), 'not yet', '-', '-', '-', '-']);
  }
  const head = `Course of ${c.clientRef} at ${c.clinicId}: ${c.sessions.length} of ${c.plannedSessions} planned sessions enrolled${c.complete ? ', course complete' : ''}.`;
  const next = c.nextSession?.enrolNow ? `\nSession ${c.nextSession.number} is today: enrol it prefilled from ${c.nextSession.fromWorkflowId} (front desk, or GET /api/enrollments/${c.nextSession.fromWorkflowId}/next-enrollment).` : '';
  return `${head}\n${table(['session', 'status', 'session at (done or booked)', 'phase', 'next booked', 'workflow'], rows)}${next}`;
}

export const course: Command = {
  summary: "show a client's sessions as one course",
  usage: 'aftercare course <clinicId> <clientRef> [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const [clinicId, clientRef, ...extra] = positionals;
    if (!clinicId || !clientRef || extra.length) throw new UsageError('give the clinic id and the client reference: aftercare course <clinicId> <clientRef>');
    const c = await withClinics((clinics) => withClient((client) => courseOf({ client, caller: operatorCaller('cli'), clinics, clinicId, clientRef, now: new Date() })));
    if (values.json) printJson(c);
    else process.stdout.write(`${formatCourse(c)}\n`);
  },
};
