/**
 * The contract between the workflow and everything that talks to it (CLI, HTTP API, webhooks,
 * tests). Names here are interface.md's; import them, never retype the strings.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { buildPlan } from '../domain/plan';
import type { PlannedStep, SendWindow } from '../domain/plan-types';
import type { StepId } from '../domain/steps';
import type { Channel } from '../domain/channels';
import type { ClientStepId } from '../domain/messages';
import type { ClinicProfile } from '../domain/clinic';
import type { Triage } from '../domain/triage/types';
import type { URGENT_REPLY } from '../domain/urgent';
import { effectiveTiming } from '../domain/compliance/profile';
import type { Language } from '../domain/i18n';
import type { CALENDAR_UPDATE } from '../domain/calendar/update-id';

export type { Channel } from '../domain/channels';

export const TASK_QUEUE = 'aftercare';

/**
 * Where a workflow on `taskQueue` sends its texts: a queue of their own, so that one
 * server-enforced rate covers every worker. With `clinicId` (runs since clinic-read-at-send-time),
 * the clinic's own queue at its sender's rate, so one clinic's burst never holds another's texts
 * back (docs/architecture.md); without, the shared queue at SMS_RATE_LIMIT_PER_SECOND, which
 * workers keep polling for runs started before. Derived, not fixed, so a workflow on any queue
 * (tests use their own) finds the matching SMS queue.
 */
export function smsTaskQueueFor(taskQueue: string, clinicId?: string): string {
  return clinicId ? `${taskQueue}-sms-${clinicId}` : `${taskQueue}-sms`;
}
export const WORKFLOW_TYPE = 'aftercareWorkflow';

/**
 * What a channel can do for this client now: 'none' = no consent or no contact detail for it;
 * 'opted-out' = the client said STOP; 'off' = switched off by staff (`switchChannel`), until staff
 * switch it on again.
 */
export const CHANNEL_STATES = ['active', 'opted-out', 'failed', 'none', 'off'] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];
export type Phase = StepId | 'enrolled' | 'completed' | 'superseded' | 'cancelled';
export type BookingStatus = 'not-needed' | 'awaiting' | 'booked';

/** The clinic's details, snapshotted at enrolment (domain/clinic.ts). */
export type { ClinicProfile } from '../domain/clinic';

export interface AftercareInput {
  clinic: ClinicProfile;
  clientRef: string;
  client: {
    firstName: string;
    phone?: string;
    email?: string;
    timezone: string;
    consent: Record<Channel, boolean>;
    /**
     * Where the client lives for quiet-hours law (domain/compliance): ISO 3166-1 alpha-2 country,
     * or `US-FL` style for a US state. Absent in runs started before compliance profiles.
     */
    region?: string;
    /**
     * The language of the client's messages, resolved at enrolment (their choice, else the
     * clinic's default). Absent in runs started before languages: English.
     */
    locale?: Language;
  };
  session: { number: number; performedAt: string; plannedSessions: number };
  /** Keyed hash of client.phone, kept in the PhoneHash search attribute. */
  phoneHash?: string;
  /** Keyed hash of client.email, kept in the EmailHash search attribute (the unsubscribe link finds runs by it). */
  emailHash?: string;
  /** Consent text and time as the clinic recorded them (front desk), kept with the enrollment. */
  consentRecord?: { text: string; at: string };
  /** When the clinic enrolled the client; steps due earlier are skipped. */
  enrolledAt: string;
  /**
   * The clinic asks for photos of the healing (its `photoCheckIns` at enrolment): the plan has the
   * day 7 and day 14 photo check-ins. Absent in runs started before them: none.
   */
  photoCheckIns?: boolean;
  /** Demo only: compress the timeline so that one day lasts this many seconds. Never the default. */
  demoSecondsPerDay?: number;
  /**
   * Set at enrolment when this session is the course's last planned one (session.number ===
   * plannedSessions): after its timeline the client's course is complete (the course-complete
   * message, and the touch-up reminders: workflows/touch-up-start.ts). Absent in runs started before.
   */
  courseEnd?: boolean;
  /**
   * Set only by the run itself when its history grew long and it continued as new
   * (workflows/continue-as-new.ts): what the earlier run knew. Never set by a caller.
   */
  carried?: CarriedState;
}

/**
 * The clinic's send time and window for this client: narrowed to the hours the law allows where
 * they live (domain/compliance); the clinic's own for a run without a region.
 */
export function timingOf(input: AftercareInput): { sendTime: string; window: SendWindow } {
  return effectiveTiming(input.clinic, input.client.region);
}

/** The plan of an enrollment (plus a recorded booking): what the workflow, CLI and API all show. */
export function planOf(
  input: AftercareInput,
  booking?: { appointmentAt: string; recordedAt: string; firstRecordedAt?: string },
  opts: { keepUnaskedFollowUps?: boolean } = {},
): PlannedStep[] {
  return buildPlan({
    ...opts,
    sessionAt: input.session.performedAt,
    timezone: input.client.timezone,
    sessionNumber: input.session.number,
    plannedSessions: input.session.plannedSessions,
    ...timingOf(input),
    enrolledAt: input.enrolledAt,
    ...(booking ? { booking } : {}),
    ...(input.courseEnd ? { courseEnd: true } : {}),
    ...(input.photoCheckIns === true ? { photoCheckIns: true } : {}),
  });
}

/**
 * A record's id: a step, URGENT_REPLY for what the run sent about an urgent reply, or
 * CALENDAR_UPDATE for a booking change's calendar email.
 */
export type SentId = StepId | typeof URGENT_REPLY | typeof CALENDAR_UPDATE;

export interface SentRecord {
  id: SentId;
  /** 'clinic-sms': the urgent alert texted to the clinic's on-call phone. */
  channel: Channel | 'clinic-email' | 'clinic-sms';
  at: string;
  /** 'sent' once the provider accepted it; later 'delivered'/'undelivered'/'failed' from callbacks. */
  status: 'sent' | 'delivered' | 'undelivered' | 'failed' | 'skipped';
  detail?: string;
}

export interface AftercareStatus {
  phase: Phase;
  sessionNumber: number;
  nextStep: { id: StepId; sendAt: string } | null;
  sent: SentRecord[];
  booking: { status: BookingStatus; appointmentAt: string | null };
  /** Additions beyond interface.md's minimum. */
  channels: Record<Channel, ChannelState>;
  plan: PlannedStep[];
  timezone: string;
  clinicId: string;
  clientRef: string;
  /** Set while an operator holds this run's messages (the `pause` signal); null otherwise. */
  paused?: { reason: string; since: string } | null;
  /**
   * Consent given after enrolment (`grantConsent`), oldest first: wording and time, never contact
   * details. The enrolment's own consent is in the run's input. Absent from a worker older than it.
   */
  consents?: ConsentRecord[];
  /**
   * A possible complication the client reported (an `urgent` reply), open until staff mark it
   * handled (`markConcernHandled`); null when none is open. Absent from a worker older than it.
   */
  concern?: Concern | null;
  /** When the session was and how many the course plans: the client's course (app/course.ts). Absent from a worker older than it. */
  session?: { performedAt: string; plannedSessions: number };
  /**
   * The language of the client's messages (the input's client.locale; English for a run enrolled
   * before languages). Absent from a worker older than it.
   */
  locale?: Language;
  /** The version of the session's calendar: the booking changes so far (the .ics SEQUENCE). Absent from a worker older than it. */
  calendarSequence?: number;
}

/**
 * What the clinic needs to enrol the client's next session without asking again (app/next-enrollment.ts):
 * the client's details as the run has them now (a contact change included). Personal data: only
 * a query answers it, so it is never written to history, a search attribute or a log.
 */
export type ClientDetails = AftercareInput['client'] & {
  /** The client's zone now (moved by a contact change); consent is what is on record, at enrolment or given since. */
  timezone: string;
  consentRecord?: { text: string; at: string };
};

/** An open urgent concern: when it was raised, by which texts, and the words that made it urgent. */
export interface Concern {
  openedAt: string;
  messageSids: string[];
  matched: string[];
}

/** How a run ends; `sent` is every send and notice, in order. */
export interface AftercareResult {
  phase: Extract<Phase, 'completed' | 'superseded' | 'cancelled'>;
  sent: SentRecord[];
}

export interface ContactUpdate {
  phone?: string;
  email?: string;
  phoneHash?: string;
  /** The new email's EmailHash (the app computes it with PHONE_HASH_KEY); without it EmailHash is cleared. */
  emailHash?: string;
  /** The client's new IANA zone: the steps still to come keep their days, at the clinic's send time there. */
  timezone?: string;
}
/** Staff switching one of the client's channels off or on (`switchChannel`). */
export interface ChannelSwitch {
  channel: Channel;
  enabled: boolean;
}
export interface ResendRequest {
  step: StepId;
  channel?: Channel;
  reason?: string;
}
/** An operator's resend as the run queues it: the step, its one channel if any, and why. */
export interface Resend {
  step: ClientStepId;
  channel?: Channel;
  reason: string;
}
/** A consent the client gave after enrolment: the channel, the wording they agreed to and when. */
export interface ConsentGrant {
  channel: Channel;
  text: string;
  /** When the client agreed (ISO-8601 with offset). */
  at: string;
}
/** A consent as the run keeps it: `recordedAt` is when the run heard of it (workflow time). */
export interface ConsentRecord extends ConsentGrant {
  recordedAt: string;
}
export interface DeliveryStatus {
  step: StepId;
  channel: Channel;
  status: 'delivered' | 'undelivered' | 'failed';
  detail?: string;
  /** The provider's error code (Twilio's `ErrorCode`), as data: a permanent one switches the channel off. */
  errorCode?: string;
}
export interface ClientReply {
  kind: 'wants-to-book' | 'message';
  text?: string;
  messageSid: string;
  /** The API's triage of the text (domain/triage); absent from callers older than triage. */
  triage?: Triage;
}
/** A reply waiting to be forwarded to the clinic, with when the run heard it (workflow time). */
export interface QueuedReply extends ClientReply {
  receivedAt: string;
}

/**
 * Everything a run knows that its input does not say, handed to the next run of the same workflow
 * ID when it continues as new (RunState's carry() and its constructor).
 */
export interface CarriedState {
  contact: { phone?: string; email?: string };
  consent: Record<Channel, boolean>;
  channels: Record<Channel, ChannelState>;
  booking?: { appointmentAt: string; recordedAt: string; firstRecordedAt?: string };
  bookingStatus: BookingStatus;
  plan: PlannedStep[];
  planVersion: number;
  phase: Phase;
  stopped?: { phase: 'cancelled' | 'superseded'; why: string };
  paused?: { reason: string; since: string };
  sent: SentRecord[];
  done: StepId[];
  replies: QueuedReply[];
  /** The most recent message SIDs only: enough to drop a webhook's retry. */
  seenReplies: string[];
  resends: Resend[];
  resendCount: number;
  unreachableNoticeSent: boolean;
  failedChannelNoticeSent: Channel[];
  callbackFailureToReport?: StepId;
  /** Absent in states carried before steps no channel carried were reported (unsent-steps.ts). */
  unsent?: StepId[];
  unsentNoticeSent?: StepId[];
  retryAt?: Partial<Record<StepId, string>>;
  welcomeTries?: number;
  /** Absent in states carried before consent could be recorded after enrolment. */
  consents?: ConsentRecord[];
  /** The client's zone when it changed since enrolment (updateContact); absent otherwise. */
  timezone?: string;
  /** The urgent concern still open; absent when none is (or in states carried before urgent replies). */
  concern?: Concern;
  /** Whether this workflow ever opened a concern: its Concern search attribute is then kept up to date. */
  concernRaised?: boolean;
  /** Booking changes so far (the calendar's SEQUENCE); absent in states carried before calendar updates. */
  bookingChanges?: number;
  /** A calendar update not yet sent (calendar-updates.ts). */
  calendarUpdate?: { sequence: number; change: 'booked' | 'cancelled'; appointmentAt: string };
}

export const recordBookingUpdate = defineUpdate<AftercareStatus, [{ appointmentAt: string }]>('recordBooking');
export const cancelSignal = defineSignal<[{ reason: string }]>('cancel');
export const optOutSignal = defineSignal<[{ channel: Channel }]>('optOut');
export const optInSignal = defineSignal<[{ channel: Channel }]>('optIn');
/** `phoneHash` must accompany a new phone (the caller holds the hash key; the workflow cannot): refused without it. */
export const updateContactUpdate = defineUpdate<AftercareStatus, [ContactUpdate]>('updateContact');
/**
 * Hold every message of this run to the client until `resume` (an operator pausing a clinic, e.g.
 * for a wrong template); the client's replies still reach the clinic at once. Timers keep running;
 * a step that falls due meanwhile goes on resume under the late-step rules (domain/plan.ts
 * lateStepAction): inside the window, and only on its own day.
 */
export const pauseSignal = defineSignal<[{ reason: string }]>('pause');
export const resumeSignal = defineSignal<[{ reason?: string }]>('resume');
/**
 * Send an earlier client step again, now (or when the window next opens), on its channels or one:
 * for a client who lost a message, or a step skipped after an outage. Refused for a step not yet
 * due, for a clinic step, and for a run that has ended.
 */
export const resendStepUpdate = defineUpdate<AftercareStatus, [ResendRequest]>('resendStep');
/**
 * Record a consent the client gives after enrolment (a client who refused texts now asks for
 * them), with its wording and time, and switch the channel on: an explicit act by staff, because
 * `optIn` (a START text) only takes back an opt-out. Refused for an ended run, a channel with no
 * contact detail on file, empty or overlong wording, and a time in the future or before the session.
 */
export const grantConsentUpdate = defineUpdate<AftercareStatus, [ConsentGrant]>('grantConsent');
/**
 * Remove the recorded booking (the client cancelled their appointment): BookingStatus goes back,
 * and the booking prompts still ahead come back into the plan; those whose time has passed are not
 * sent late. Refused for an ended run and when there is no booking. Reschedule with recordBooking.
 */
export const clearBookingUpdate = defineUpdate<AftercareStatus, []>('clearBooking');
/**
 * Staff switching a channel off (it stays off: a contact change or a START does not bring it back)
 * or on again. Switching on is refused when the client gave no consent for it, has no contact
 * detail for it, opted out by STOP (only the client takes that back), or the channel failed for good.
 */
export const switchChannelUpdate = defineUpdate<AftercareStatus, [ChannelSwitch]>('switchChannel');
export const supersedeSignal = defineSignal<[{ bySessionNumber: number }]>('supersede');
/**
 * Sent by an older session's run when it starts, to each later session of the client. It changes
 * nothing here: that it reaches a running run at all tells the older one to end as superseded.
 */
export const olderSessionStartedSignal = defineSignal<[{ sessionNumber: number }]>('olderSessionStarted');
export const deliveryStatusSignal = defineSignal<[DeliveryStatus]>('deliveryStatus');
/**
 * A client's text that needs a person (BOOK/YES, or free text), forwarded to the clinic by email.
 * `messageSid` makes the notice once-only even when Twilio retries the webhook.
 */
export const clientReplySignal = defineSignal<[ClientReply]>('clientReply');
export const statusQuery = defineQuery<AftercareStatus>('status');
/** The client's details for enrolling their next session; never shown in the status. */
export const clientDetailsQuery = defineQuery<ClientDetails>('clientDetails');
/**
 * Staff have looked at the client's urgent concern: the booking prompts held since it was raised
 * go on. Refused when no concern is open. `note` is kept in the audit log, not in the run.
 */
export const markConcernHandledUpdate = defineUpdate<AftercareStatus, [{ note?: string }]>('markConcernHandled');


/** interface.md's search attributes; registered by the local stack (scripts/start.ts). */
export const SEARCH_ATTRIBUTES = {
  ClinicId: defineSearchAttributeKey('ClinicId', SearchAttributeType.KEYWORD),
  ClientRef: defineSearchAttributeKey('ClientRef', SearchAttributeType.KEYWORD),
  SessionNumber: defineSearchAttributeKey('SessionNumber', SearchAttributeType.INT),
  AftercarePhase: defineSearchAttributeKey('AftercarePhase', SearchAttributeType.KEYWORD),
  NextStepAt: defineSearchAttributeKey('NextStepAt', SearchAttributeType.DATETIME),
  BookingStatus: defineSearchAttributeKey('BookingStatus', SearchAttributeType.KEYWORD),
  /** Keyed HMAC of the client's phone (app/phone-hash.ts): finds a STOP's workflows, never the number. */
  PhoneHash: defineSearchAttributeKey('PhoneHash', SearchAttributeType.KEYWORD),
  /** 'none', or what stops delivery (e.g. 'sms failed: SmsInvalidNumber'): highlighted at the front desk. */
  DeliveryProblem: defineSearchAttributeKey('DeliveryProblem', SearchAttributeType.KEYWORD),
  /** Keyed HMAC of the client's email: the unsubscribe link finds every run of that address by it. */
  EmailHash: defineSearchAttributeKey('EmailHash', SearchAttributeType.KEYWORD),
  /** 'open' while an urgent concern waits for staff, else 'none': the front desk lists these first. */
  Concern: defineSearchAttributeKey('Concern', SearchAttributeType.KEYWORD),
} as const;

/** Name -> Temporal CLI type, for `temporal server start-dev --search-attribute` and `operator`. */
export const SEARCH_ATTRIBUTE_CLI_TYPES: Record<keyof typeof SEARCH_ATTRIBUTES, string> = {
  ClinicId: 'Keyword',
  ClientRef: 'Keyword',
  SessionNumber: 'Int',
  AftercarePhase: 'Keyword',
  NextStepAt: 'Datetime',
  BookingStatus: 'Keyword',
  PhoneHash: 'Keyword',
  DeliveryProblem: 'Keyword',
  EmailHash: 'Keyword',
  Concern: 'Keyword',
};
