/**
 * The plan's input as it arrives from outside (the CLI, the HTTP API, files): zod schemas that
 * turn untrusted values into a PlanInput with one issue per wrong field. Kept apart from ./plan,
 * which computes with input that is already valid.
 */
import { z } from 'zod';
import { describeIssues, type FieldIssue } from './field-issue';
import { PLANNED_SESSIONS_MAX } from './identifiers';
import type { PlanInput } from './plan-types';
import { ISO_INSTANT_HINT, isIsoInstant, isTimeZone, TIMEZONE_HINT } from './time';
import { HH_MM, isLocalTime, LOCAL_TIME_HINT, orderProblem, parseWindow, sendTimeProblem, WINDOW_HINT } from './window';

export const localTimeSchema = z.string({ message: LOCAL_TIME_HINT }).regex(HH_MM, { message: LOCAL_TIME_HINT });

/** A window as an object `{ start, end }`. */
export const windowSchema = z.object({ start: localTimeSchema, end: localTimeSchema }).superRefine((w, ctx) => {
  const problem = isLocalTime(w.start) && isLocalTime(w.end) ? orderProblem(w.start, w.end) : undefined;
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A window as written on the command line, in CLINICS_FILE and in the API: `"HH:MM-HH:MM"`. */
export const windowStringSchema = z.string({ message: WINDOW_HINT }).transform((text, ctx) => {
  const parsed = parseWindow(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  }
  return parsed.window;
});

export const isoInstantSchema = z.string().refine(isIsoInstant, { message: ISO_INSTANT_HINT });

export const timezoneSchema = z.string({ message: TIMEZONE_HINT }).refine(isTimeZone, { message: TIMEZONE_HINT });

const positiveInt = (what: string) =>
  z.number({ message: `${what} must be a number` }).int({ message: `${what} must be a whole number` }).positive({ message: `${what} must be at least 1` });

const sessions = (what: string) =>
  positiveInt(what).max(PLANNED_SESSIONS_MAX, { message: `${what} must be at most ${PLANNED_SESSIONS_MAX}` });

export const planInputSchema = z
  .object({
    sessionAt: isoInstantSchema,
    timezone: timezoneSchema,
    sessionNumber: sessions('session number'),
    plannedSessions: sessions('planned sessions'),
    sendTime: localTimeSchema,
    window: windowSchema,
    enrolledAt: isoInstantSchema,
    booking: z.object({ appointmentAt: isoInstantSchema, recordedAt: isoInstantSchema, firstRecordedAt: isoInstantSchema.optional() }).optional(),
    photoCheckIns: z.boolean({ message: 'must be true or false' }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.sessionNumber > input.plannedSessions) {
      ctx.addIssue({
        code: 'custom',
        path: ['sessionNumber'],
        message: `session number ${input.sessionNumber} is beyond the ${input.plannedSessions} planned sessions`,
      });
    }
    const problem = sendTimeProblem(input.sendTime, input.window);
    if (problem) ctx.addIssue({ code: 'custom', path: ['sendTime'], message: problem });
  });

export class PlanInputError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(describeIssues(issues));
    this.name = 'PlanInputError';
  }
}

/** Validates untrusted input (CLI, HTTP, files) into a PlanInput, or throws PlanInputError. */
export function parsePlanInput(raw: unknown): PlanInput {
  const result = planInputSchema.safeParse(raw);
  if (!result.success) {
    throw new PlanInputError(
      result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(input)', message: i.message })),
    );
  }
  return result.data;
}
