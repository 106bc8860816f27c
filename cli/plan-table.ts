/** A plan as a table in the client's local time: `preview`, `enroll` and `demo` print it. */
import { DateTime } from 'luxon';
import type { PlannedStep } from '../domain/plan-types';
import { STEPS } from '../domain/steps';
import { table } from './kit';

export function formatLocal(step: PlannedStep, zone: string): string {
  return DateTime.fromISO(step.sendAt, { zone }).toFormat('ccc LLL d yyyy, HH:mm ZZZZ');
}

export function planTable(plan: PlannedStep[], zone: string): string {
  return table(
    ['step', 'day', 'to', `local time (${zone})`, 'UTC', 'what'],
    plan.map((s) => [s.step, String(s.day), s.to, formatLocal(s, zone), s.sendAt, STEPS[s.step].label]),
  );
}
