/**
 * The contract of the touch-up workflow (issue 16): one long-lived run per client of a clinic
 * (`touchUpWorkflowIdFor`), started when a course ends, that reminds the client of a touch-up every
 * `touchUpIntervalMonths` months. Its input, status, signals, update and query; the `optOut` and
 * `optIn` signals are the aftercare run's own (contract.ts), so STOP, START and the unsubscribe
 * link reach both kinds of run with the same call.
 */
import type { SearchAttributePair } from '@temporalio/common';
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Channel } from '../domain/channels';
import type { ClinicProfile } from '../domain/clinic';
import { SEARCH_ATTRIBUTES, type AftercareInput, type ChannelState } from './contract';

export const TOUCH_UP_WORKFLOW_TYPE = 'touchUpWorkflow';

/** Who stopped a client's touch-ups: staff (page, API, CLI), or a new course enrolled meanwhile. */
export type TouchUpStopper = 'staff' | 'new-course';

/** What a run carries into the next when it continues as new (after each reminder). */
export interface TouchUpCarried {
  channels: Record<Channel, ChannelState>;
  /** Reminders that fell due so far, sent or not: the next one's number is this plus one. */
  reminders: number;
  /** Reminders some channel carried. */
  remindersSent: number;
  /** Months from the course's end to the last reminder that fell due (the intervals so far). */
  monthsElapsed: number;
  lastSentAt?: string;
  /** The latest sends only: what the status shows. */
  sent: TouchUpSent[];
}

export interface TouchUpInput {
  /** The clinic as it was when the course ended: its id, and the timing when the directory lacks it. */
  clinic: ClinicProfile;
  clientRef: string;
  /** The client as the course's last run knew them; encrypted with every other payload by the codec (platform/codec). */
  client: AftercareInput['client'];
  phoneHash?: string;
  emailHash?: string;
  /** When the course ended: the final session (the reminders count months from its day). */
  courseEndedAt: string;
  /**
   * The last session's aftercare workflow: the send keys name it, so that a later course's
   * reminders (the same touch-up workflow ID) never meet this course's records.
   */
  courseRef: string;
  /** Demo only: one month of the wait lasts this many seconds, and the window is ignored. Never the default. */
  demoSecondsPerMonth?: number;
  /** Set only by the run itself when it continues as new. */
  carried?: TouchUpCarried;
}

export interface TouchUpSent {
  reminder: number;
  channel: Channel;
  at: string;
  status: 'sent' | 'failed' | 'skipped';
  detail?: string;
}

export type TouchUpState = 'waiting' | 'stopped' | 'ended';

export interface TouchUpStatus {
  clinicId: string;
  clientRef: string;
  state: TouchUpState;
  /** The clinic's interval as last read (it is read again before each reminder). */
  intervalMonths: number | null;
  nextReminderAt: string | null;
  remindersSent: number;
  lastSentAt: string | null;
  stoppedBy: TouchUpStopper | null;
  channels: Record<Channel, ChannelState>;
  sent: TouchUpSent[];
}

/** What `touchUpView` answers and the touch-ups API returns (../shared contract-16). */
export interface TouchUpView {
  workflowId: string;
  state: TouchUpState;
  intervalMonths: number;
  nextReminderAt?: string;
  remindersSent: number;
  stoppedBy?: TouchUpStopper;
}

/** Staff end the client's touch-ups (page, API, CLI); answers the status. A stopped run ends. */
export const stopTouchUpsUpdate = defineUpdate<TouchUpStatus, [{ reason?: string }]>('stopTouchUps');
/** A new course was enrolled for the client: its end starts the reminders again. */
export const newCourseSignal = defineSignal<[{ workflowId: string }]>('newCourse');
export const touchUpStatusQuery = defineQuery<TouchUpStatus>('touchUpStatus');

/** The search attributes a touch-up run starts with (and carries on): references and keyed hashes, never personal data. */
export function touchUpSearchAttributes(input: TouchUpInput): SearchAttributePair[] {
  return [
    { key: SEARCH_ATTRIBUTES.ClinicId, value: input.clinic.id },
    { key: SEARCH_ATTRIBUTES.ClientRef, value: input.clientRef },
    ...(input.phoneHash ? [{ key: SEARCH_ATTRIBUTES.PhoneHash, value: input.phoneHash }] : []),
    ...(input.emailHash ? [{ key: SEARCH_ATTRIBUTES.EmailHash, value: input.emailHash }] : []),
  ] as SearchAttributePair[];
}
