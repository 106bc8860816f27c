/** The aftercare inputs the bench starts workflows with. */
import { planOf, type AftercareInput, type ClinicProfile } from '../workflows/contract';

/** An aftercare input for a session that ended 30 minutes before `nowMs`, as the enrollment service builds it. */
export function benchInput(clinic: ClinicProfile, opts: { nowMs: number; clientRef: string; zone: string; sms: boolean; email: boolean }): AftercareInput {
  const enrolledAt = new Date(opts.nowMs).toISOString();
  return {
    clinic,
    clientRef: opts.clientRef,
    client: {
      firstName: 'Bench',
      phone: '+12125554477',
      ...(opts.email ? { email: 'bench@example.com' } : {}),
      timezone: opts.zone,
      consent: { sms: opts.sms, email: opts.email },
    },
    session: { number: 1, performedAt: new Date(opts.nowMs - 30 * 60_000).toISOString(), plannedSessions: clinic.plannedSessions },
    enrolledAt,
  };
}

/** When the first step (the welcome) of `input` is due. */
export function welcomeDueMs(input: AftercareInput): number {
  const first = planOf(input)[0];
  if (!first) throw new Error('empty plan');
  return Date.parse(first.sendAt);
}
