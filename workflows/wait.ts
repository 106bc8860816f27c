/**
 * The one way the workflow waits: until a time comes or one of the events it listens for happens,
 * answering why it woke. Each wait names its events, so that the differences between the waits of
 * the timeline are visible (and kept: which events end a wait is part of what a history records).
 */
import { condition } from '@temporalio/workflow';

/** Something a signal or an update changed that a waiting timeline may have to act on. */
export type RunEvent =
  /** Cancelled or superseded. */
  | 'stopped'
  /** The plan or the channels changed (booking, opt-out, opt-in). */
  | 'plan-changed'
  /** A client reply waits to be forwarded to the clinic. */
  | 'reply'
  /** A client reply the API found urgent waits (urgent.ts): it goes even in waits that hold other replies. */
  | 'urgent'
  /** An operator's resend waits to go out (and the run is not paused). */
  | 'resend'
  | 'paused'
  | 'resumed';

/** Why a wait ended: its time came, or an event happened. */
export type Wake = 'due' | RunEvent;

/** Whether an event has happened since the wait's reference point (the run state answers). */
export type EventCheck = (event: RunEvent) => boolean;

export interface Deadline {
  /** How long to wait at most; a timer is started even when an event has already happened. */
  ms: number;
  /** The timer's summary, as operators see it in the history. */
  summary: string;
}

/**
 * Waits until one of `events` has happened, or `until` passes. Without `until`, no timer is
 * started at all (the run waits on events alone).
 */
export async function waitFor(happened: EventCheck, events: readonly RunEvent[], until?: Deadline): Promise<Wake> {
  let woke: RunEvent | undefined;
  const anyHappened = () => (woke = events.find(happened)) !== undefined;
  if (!until) {
    await condition(anyHappened);
    return woke ?? 'due';
  }
  const interrupted = await condition(anyHappened, until.ms, { summary: until.summary });
  return interrupted && woke ? woke : 'due';
}
