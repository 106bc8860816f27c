/**
 * The step ids of the care plan and their fixed facts (interface.md, "The care plan").
 * Pure data: imported by the plan, the messages, the workflow and the clients alike.
 */
export const STEP_IDS = [
  'welcome',
  'days-1-4',
  'days-5-7',
  'photo-day-7',
  'days-8-14',
  'book-next',
  'book-nudge',
  'photo-day-14',
  'day-15',
  'clinic-follow-up',
  'one-month',
  'appointment-reminder',
  'course-complete',
] as const;

export type StepId = (typeof STEP_IDS)[number];

/**
 * The steps that follow up `book-next` (the client's nudge, the clinic's call): they speak of a
 * request already made, so they go only after `book-next` did.
 */
export const FOLLOWS_UP_BOOK_NEXT: ReadonlySet<StepId> = new Set(['book-nudge', 'clinic-follow-up']);

/**
 * The photo check-ins: a request for a picture of the healing scalp, planned only for clients of
 * a clinic that asks for them (`photoCheckIns` at enrolment).
 */
export const PHOTO_CHECK_IN_STEPS: ReadonlySet<StepId> = new Set(['photo-day-7', 'photo-day-14']);
export type Recipient = 'client' | 'clinic';

/** The healing phases a client can be in, for the welcome message and the status. */
export type HealingPhase = 'day-0' | 'days-1-4' | 'days-5-7' | 'days-8-14' | 'long-term';

/** The phases with rules of their own, as [first day, last day] (care-protocol.md's table). */
export type RulesPhase = Exclude<HealingPhase, 'day-0' | 'long-term'>;
export const PHASE_DAYS: Record<RulesPhase, readonly [first: number, last: number]> = {
  'days-1-4': [1, 4],
  'days-5-7': [5, 7],
  'days-8-14': [8, 14],
};

export interface StepDefinition {
  id: StepId;
  /** Day after the session (day 0 = the session's local calendar day); null when it depends on a booking. */
  day: number | null;
  to: Recipient;
  /** Only planned when another session is still to come (sessionNumber < plannedSessions). */
  needsNextSession: boolean;
  /** Short human label, used in tables, the UI summary and logs. */
  label: string;
}

export const STEPS: Record<StepId, StepDefinition> = {
  welcome: { id: 'welcome', day: 0, to: 'client', needsNextSession: false, label: 'welcome' },
  'days-1-4': { id: 'days-1-4', day: PHASE_DAYS['days-1-4'][0], to: 'client', needsNextSession: false, label: 'days 1-4 rules' },
  'days-5-7': { id: 'days-5-7', day: PHASE_DAYS['days-5-7'][0], to: 'client', needsNextSession: false, label: 'days 5-7 rules' },
  'days-8-14': { id: 'days-8-14', day: PHASE_DAYS['days-8-14'][0], to: 'client', needsNextSession: false, label: 'days 8-14 rules' },
  'photo-day-7': { id: 'photo-day-7', day: 7, to: 'client', needsNextSession: false, label: 'day 7 photo check-in' },
  'book-next': { id: 'book-next', day: 10, to: 'client', needsNextSession: true, label: 'book next session' },
  'book-nudge': { id: 'book-nudge', day: 14, to: 'client', needsNextSession: true, label: 'booking nudge' },
  'photo-day-14': { id: 'photo-day-14', day: 14, to: 'client', needsNextSession: false, label: 'day 14 photo check-in' },
  'day-15': { id: 'day-15', day: 15, to: 'client', needsNextSession: false, label: 'day 15: healed' },
  'clinic-follow-up': {
    id: 'clinic-follow-up',
    day: 21,
    to: 'clinic',
    needsNextSession: true,
    label: 'clinic follow-up call',
  },
  'one-month': { id: 'one-month', day: 30, to: 'client', needsNextSession: false, label: 'one month on' },
  'appointment-reminder': {
    id: 'appointment-reminder',
    day: null,
    to: 'client',
    needsNextSession: false,
    label: 'appointment reminder',
  },
  // After the final planned session only (PlanInput.courseEnd): the day after one-month's.
  'course-complete': { id: 'course-complete', day: 31, to: 'client', needsNextSession: false, label: 'course complete' },
};

/** Steps planned only at the end of a course (PlanInput.courseEnd). */
export const COURSE_END_STEPS: ReadonlySet<StepId> = new Set(['course-complete']);

/** The day of a step that has a fixed one (every step but `appointment-reminder`). */
export function fixedDay(step: Exclude<StepId, 'appointment-reminder'>): number {
  return STEPS[step].day as number;
}

/** Which healing phase a given day after the session falls in (care-protocol.md's table). */
export function healingPhaseOnDay(day: number): HealingPhase {
  if (day <= 0) return 'day-0';
  for (const phase of ['days-1-4', 'days-5-7', 'days-8-14'] as const) {
    if (day <= PHASE_DAYS[phase][1]) return phase;
  }
  return 'long-term';
}
