/**
 * What a workflow's history says happened, decoded for tests: each activity (its input, when it
 * was scheduled and how it closed), each signal and each update, with the event ids and the
 * server's clock. Payloads are decoded with the default payload converter, so this reads
 * histories of workers without a codec (dev/aftercare-harness.ts).
 *
 * A `deliverStep` (one activity for a step on several channels, activities/deliver-step.ts) is
 * read as the sends it made: one `sendSms`/`sendEmail` fact per channel, each closed by that
 * channel's outcome, so what is judged per send holds whichever way the step went out.
 */
import { arrayFromPayloads, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Timestamp = { seconds?: number | { toNumber(): number } | null; nanos?: number | null } | null | undefined;
const EventType = temporal.api.enums.v1.EventType;

/** One point of the history: its event id (the history's order) and the server's time. */
export interface At {
  eventId: number;
  at: number;
}

export interface ActivityFact {
  type: string;
  /** The activity's first argument. */
  input: unknown;
  scheduled: At;
  /** How it ended, or undefined while it was still open when the history was read. */
  closed?: At & {
    outcome: 'completed' | 'failed' | 'timed-out' | 'canceled';
    /** The attempt that ended it (1 = no retry), when the history says. */
    attempt?: number;
    /** A completed activity's result. */
    result?: unknown;
    /** For a failure: the application failure's type and whether it may be retried. */
    failureType?: string;
    nonRetryable?: boolean;
    message?: string;
    /** A failure's first detail (a failed `deliverStep` attempt carries every channel's outcome). */
    details?: unknown;
  };
}

export interface SignalFact extends At {
  name: string;
  input: unknown;
}

export interface UpdateFact {
  name: string;
  input: unknown;
  accepted: At;
  /** Undefined while the update was still running; `ok` false when its handler failed. */
  completed?: At & { ok: boolean };
}

export interface HistoryFacts {
  activities: ActivityFact[];
  signals: SignalFact[];
  updates: UpdateFact[];
  /** The run's own input (its first argument), and when it closed, if it did. */
  input: unknown;
  closed?: At;
}

const num = (v: number | { toNumber(): number } | null | undefined): number => (v == null ? 0 : typeof v === 'number' ? v : v.toNumber());
const msOf = (ts: Timestamp): number => num(ts?.seconds) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6);
const first = (payloads: Payload[] | null | undefined): unknown => arrayFromPayloads(defaultPayloadConverter, payloads ?? [])[0];

const CLOSING: Partial<Record<number, 'completed' | 'failed' | 'timed-out' | 'canceled'>> = {
  [EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED]: 'completed',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED]: 'failed',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT]: 'timed-out',
  [EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED]: 'canceled',
};

const WORKFLOW_CLOSED = new Set<number>([
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
]);

function closingAttributes(e: HistoryEvent) {
  return (
    e.activityTaskCompletedEventAttributes ??
    e.activityTaskFailedEventAttributes ??
    e.activityTaskTimedOutEventAttributes ??
    e.activityTaskCanceledEventAttributes
  );
}

export function readHistory(history: temporal.api.history.v1.IHistory): HistoryFacts {
  const facts: HistoryFacts = { activities: [], signals: [], updates: [], input: undefined };
  const bySchedule = new Map<number, ActivityFact>();
  const attempts = new Map<number, number>();
  const updatesById = new Map<string, UpdateFact>();

  for (const e of history.events ?? []) {
    const at: At = { eventId: num(e.eventId), at: msOf(e.eventTime) };
    const type = e.eventType ?? 0;
    if (type === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED) {
      facts.input = first(e.workflowExecutionStartedEventAttributes?.input?.payloads);
    } else if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
      const a = e.activityTaskScheduledEventAttributes;
      const fact: ActivityFact = { type: a?.activityType?.name ?? '', input: first(a?.input?.payloads), scheduled: at };
      bySchedule.set(at.eventId, fact);
      facts.activities.push(fact);
    } else if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
      const a = e.activityTaskStartedEventAttributes;
      attempts.set(num(a?.scheduledEventId), a?.attempt ?? 1);
    } else if (CLOSING[type]) {
      const a = closingAttributes(e);
      const scheduledId = num(a?.scheduledEventId);
      const fact = bySchedule.get(scheduledId);
      if (!fact) continue;
      const failure = e.activityTaskFailedEventAttributes?.failure ?? e.activityTaskTimedOutEventAttributes?.failure;
      // The activity's own failure sits under the server's wrapper when there is one.
      const app = failure?.applicationFailureInfo ? failure : failure?.cause;
      const attempt = attempts.get(scheduledId);
      fact.closed = {
        ...at,
        outcome: CLOSING[type]!,
        ...(attempt !== undefined ? { attempt } : {}),
        ...(e.activityTaskCompletedEventAttributes ? { result: first(e.activityTaskCompletedEventAttributes.result?.payloads) } : {}),
        ...(app?.applicationFailureInfo
          ? { failureType: app.applicationFailureInfo.type ?? '', nonRetryable: !!app.applicationFailureInfo.nonRetryable }
          : {}),
        ...(failure?.message ? { message: failure.message } : {}),
        ...(app?.applicationFailureInfo?.details?.payloads?.length ? { details: first(app.applicationFailureInfo.details.payloads) } : {}),
      };
    } else if (type === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
      const a = e.workflowExecutionSignaledEventAttributes;
      facts.signals.push({ ...at, name: a?.signalName ?? '', input: first(a?.input?.payloads) });
    } else if (type === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) {
      const request = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
      const update: UpdateFact = { name: request?.input?.name ?? '', input: first(request?.input?.args?.payloads), accepted: at };
      updatesById.set(request?.meta?.updateId ?? '', update);
      facts.updates.push(update);
    } else if (type === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED) {
      const a = e.workflowExecutionUpdateCompletedEventAttributes;
      const update = updatesById.get(a?.meta?.updateId ?? '');
      if (update) update.completed = { ...at, ok: !a?.outcome?.failure };
    } else if (WORKFLOW_CLOSED.has(type)) {
      facts.closed = at;
    }
  }
  return { ...facts, activities: facts.activities.flatMap(perChannel) };
}

const CHANNEL_ACTIVITY: Record<string, string> = { sms: 'sendSms', email: 'sendEmail' };

type Outcome = { sent: unknown } | { failed: { type: string; message: string } } | { retry: { type: string; message: string } };

/** A `deliverStep` as one fact per channel, closed as that channel's own activity would have been. */
function perChannel(fact: ActivityFact): ActivityFact[] {
  if (fact.type !== 'deliverStep') return [fact];
  const { to, message, ...key } = fact.input as { to: Record<string, string>; message: unknown; workflowId: string; step: string; resend?: number };
  const closed = fact.closed;
  const outcomes = (closed?.outcome === 'completed' ? closed.result : closed?.details) as Record<string, Outcome> | undefined;
  return Object.keys(CHANNEL_ACTIVITY)
    .filter((channel) => to[channel])
    .map((channel) => {
      const input = { ...key, to: to[channel], message };
      const o = outcomes?.[channel];
      if (!closed) return { type: CHANNEL_ACTIVITY[channel]!, input, scheduled: fact.scheduled };
      const { result: _result, details: _details, ...when } = closed;
      if (o && 'sent' in o) return { type: CHANNEL_ACTIVITY[channel]!, input, scheduled: fact.scheduled, closed: { ...when, outcome: 'completed' as const, result: o.sent } };
      if (o && 'failed' in o) return { type: CHANNEL_ACTIVITY[channel]!, input, scheduled: fact.scheduled, closed: { ...when, outcome: 'failed' as const, failureType: o.failed.type, nonRetryable: true, message: o.failed.message } };
      if (o && 'retry' in o) return { type: CHANNEL_ACTIVITY[channel]!, input, scheduled: fact.scheduled, closed: { ...when, outcome: 'failed' as const, failureType: o.retry.type, nonRetryable: false, message: o.retry.message } };
      return { type: CHANNEL_ACTIVITY[channel]!, input, scheduled: fact.scheduled, closed: { ...when, ...(closed.outcome === 'completed' ? { outcome: 'canceled' as const } : {}) } };
    });
}
