/** `aftercare course`'s table: one row per planned session, enrolled, booked or not yet. */
import type { Course } from '../../app/course';
import { formatCourse } from '../../cli/commands/course';

const COURSE: Course = {
  clinicId: 'northside',
  clientRef: 'C1042',
  plannedSessions: 3,
  complete: false,
  sessions: [
    { workflowId: 'aftercare-northside~C1042-s1', sessionNumber: 1, performedAt: '2026-11-02T15:00:00-05:00', phase: 'superseded', status: 'done', booking: { appointmentAt: '2026-11-24T15:00:00-05:00' } },
    { workflowId: 'aftercare-northside~C1042-s2', sessionNumber: 2, performedAt: '2026-11-24T15:00:00-05:00', phase: 'day-15', status: 'healing', booking: { appointmentAt: '2026-12-20T11:00:00-05:00' } },
  ],
  nextSession: { number: 3, appointmentAt: '2026-12-20T11:00:00-05:00', fromWorkflowId: 'aftercare-northside~C1042-s2', enrolNow: true },
  touchUp: null,
};

describe('aftercare course', () => {
  it('prints each session of the course, the booked one to enrol today', () => {
    const out = formatCourse(COURSE);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Course of C1042 at northside: 2 of 3 planned sessions enrolled.');
    const row = (n: number) => lines.find((l) => new RegExp(`^\\s*${n}\\s`).test(l)) ?? '';
    expect(row(1)).toMatch(/done .*aftercare-northside~C1042-s1/);
    expect(row(2)).toMatch(/healing .*day-15/);
    expect(row(3)).toContain('booked: enrol today');
    expect(out).toContain('Session 3 is today: enrol it prefilled from aftercare-northside~C1042-s2');
  });

  it('says when the course is complete, and a session not booked is not yet', () => {
    const out = formatCourse({ ...COURSE, nextSession: null, complete: true, plannedSessions: 3 });
    expect(out.split('\n')[0]).toContain('course complete');
    expect(out).toMatch(/\n\s*3\s+not yet/);
  });
});
