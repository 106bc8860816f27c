/**
 * The plan once a booking is cleared (the client cancelled their appointment): the booking prompts
 * come back, but only those still ahead. One whose time has passed is not sent late: it would
 * speak of a day gone by, and the client hears from the clinic soon anyway.
 */
import { byPlanOrder } from '../domain/plan';
import type { PlannedStep } from '../domain/plan-types';
import { planOf } from './contract';
import type { RunState } from './run-state';
import { dueAt } from './timing';

export function planWithoutBooking(run: RunState): PlannedStep[] {
  const fresh = planOf(run.planningInput());
  const pending = (s: PlannedStep) => !run.done.has(s.step);
  const wasPlanned = (s: PlannedStep) => run.plan.some((p) => p.step === s.step);
  const ahead = (s: PlannedStep) => dueAt(s.sendAt, run.input.enrolledAt, run.demoScale) > Date.now();
  // What was done stays as it happened (an appointment reminder already sent included).
  const done = run.plan.filter((s) => !pending(s));
  const toCome = fresh.filter((s) => pending(s) && (wasPlanned(s) || ahead(s)));
  return [...done, ...toCome].sort(byPlanOrder);
}
