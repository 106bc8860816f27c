/**
 * What a client message is rendered from and what it renders to: the inputs the workflow and the
 * CLI preview fill in, and the client's steps (every step but the clinic's own follow-up).
 */
import type { Language } from '../i18n';
import type { PlannedStep } from '../plan-types';
import { STEP_IDS, STEPS, type HealingPhase, type StepId } from '../steps';

export interface MessageContext {
  clientFirstName: string;
  clinic: { name: string; phone: string; bookingUrl: string };
  sessionNumber: number;
  plannedSessions: number;
  /** IANA zone of the client, for formatting dates. */
  timezone: string;
  /** For `welcome`: the phase the client is in now (late enrollment => not day-0). */
  currentPhase: HealingPhase;
  /** The client's plan, for "the whole timeline at a glance" in welcome (and dates elsewhere). */
  plan: PlannedStep[];
  /** ISO instant; for `appointment-reminder`. */
  appointmentAt?: string;
  /** When true, subject and SMS are clearly prefixed as a demo ("[DEMO] "). */
  demo?: boolean;
  /**
   * Whether the client also gets this step by email. When false, the SMS points to the clinic's
   * phone instead of "details in your email". Defaults to true.
   */
  hasEmail?: boolean;
  /**
   * Where the client lives (AftercareInput.client.region: `GB`, or `US-FL` for a US state): the
   * clinic's phone is written the way a caller from there dials it. Without it, in international form.
   */
  clientRegion?: string;
  /** The client's language (AftercareInput.client.locale); English when absent. */
  locale?: Language;
  /**
   * The recipient's own unsubscribe link, set by the send activity (it holds the signing key): the
   * email's footer offers it. Absent in the workflow and the preview, which show no footer.
   */
  unsubscribeUrl?: string;
  /**
   * For `course-complete`: the clinic's review link, when this message is the client's one review
   * request (the workflow claims it once per client ever, and never for a client who said STOP).
   */
  reviewUrl?: string;
  /**
   * The session's own signed calendar address (GET /calendar/<token>.ics), set by the send activity
   * like `unsubscribeUrl`: the welcome email offers it for the client's phone to subscribe to.
   */
  calendarUrl?: string;
}

export interface ClientMessage {
  sms: string;
  email: { subject: string; text: string; html: string };
}

export type ClientStepId = Exclude<StepId, 'clinic-follow-up'>;

export function isClientStep(step: StepId): step is ClientStepId {
  // (Also safe for a string that is not a step id at all, which is not a client step either.)
  return STEPS[step]?.to === 'client';
}

export const CLIENT_STEP_IDS: readonly ClientStepId[] = STEP_IDS.filter(isClientStep);

export const DEMO_PREFIX = '[DEMO] ';

/** The demo prefix when `demo` is set, else nothing. */
export const demoPrefix = (demo: boolean | undefined): string => (demo ? DEMO_PREFIX : '');
