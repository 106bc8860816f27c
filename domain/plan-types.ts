import type { Recipient, StepId } from './steps';

/** "HH:MM", 24-hour clock, local to the client's zone. */
export type LocalTime = string;

export interface SendWindow {
  start: LocalTime;
  end: LocalTime;
}

/** Everything the plan depends on; already validated (see `planInputSchema` in ./plan-input). */
export interface PlanInput {
  /** ISO-8601 instant with offset of the treatment session. */
  sessionAt: string;
  /** IANA zone of the client. */
  timezone: string;
  sessionNumber: number;
  plannedSessions: number;
  sendTime: LocalTime;
  window: SendWindow;
  /** ISO-8601 instant of enrollment; steps due before it are skipped. */
  enrolledAt: string;
  /**
   * A booked next session, once recorded: adds `appointment-reminder`, drops later booking prompts.
   * `firstRecordedAt` (the first booking of a rebooked session) drops the prompts; without it,
   * `recordedAt` does.
   */
  booking?: { appointmentAt: string; recordedAt: string; firstRecordedAt?: string };
  /**
   * Keeps `book-nudge` and `clinic-follow-up` in a plan without `book-next` (enrolled after its
   * day), as plans were made before that rule: only for runs that started then (workflow replay).
   */
  keepUnaskedFollowUps?: boolean;
  /**
   * The session ends the client's course (the final planned one, enrolled since course-complete
   * existed): adds `course-complete`. Absent in older runs, whose plans stay as they were.
   */
  courseEnd?: boolean;
  /** The clinic asks for photos of the healing (day 7 and day 14): the photo check-in steps are planned. */
  photoCheckIns?: boolean;
}

/** One step of the plan, exactly the JSON shape of interface.md's `preview --json`. */
export interface PlannedStep {
  step: StepId;
  /** Day after the session, in the client's zone (day 0 = the session's local calendar day). */
  day: number;
  to: Recipient;
  /** UTC instant, `toISOString()` form. */
  sendAt: string;
  /** The same instant in the client's zone, ISO with offset, no milliseconds. */
  local: string;
}
