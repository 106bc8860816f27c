/**
 * Everything one aftercare run knows, and the handlers through which the outside world changes it
 * (signals, validated updates, the `status` query). Handlers run between the timeline's awaits;
 * the timeline (aftercare.ts and the helpers it calls) records what it sent, and waits on the
 * events the handlers cause (`eventsSince`).
 */
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { log, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { CHANNEL_CONTACT, CHANNEL_LABEL, CHANNELS, type Channel, type ContactField } from '../domain/channels';
import type { ClientStepId } from '../domain/messages';
import type { PlannedStep } from '../domain/plan-types';
import { STEPS, type StepId } from '../domain/steps';
import { URGENT_REPLY } from '../domain/urgent';
import { DEFAULT_LANGUAGE } from '../domain/i18n';
import { CALENDAR_UPDATE } from '../domain/calendar/update-id';
import { byPlanOrder, retimedInZone, sessionAtIn } from '../domain/plan';
import {
  cancelSignal,
  clearBookingUpdate,
  clientDetailsQuery,
  clientReplySignal,
  deliveryStatusSignal,
  grantConsentUpdate,
  markConcernHandledUpdate,
  olderSessionStartedSignal,
  optInSignal,
  optOutSignal,
  pauseSignal,
  planOf,
  recordBookingUpdate,
  resendStepUpdate,
  resumeSignal,
  SEARCH_ATTRIBUTES,
  statusQuery,
  timingOf,
  supersedeSignal,
  switchChannelUpdate,
  updateContactUpdate,
  type AftercareInput,
  type AftercareStatus,
  type BookingStatus,
  type CarriedState,
  type ChannelState,
  type ChannelSwitch,
  type ClientDetails,
  type ClientReply,
  type Concern,
  type ConsentGrant,
  type ConsentRecord,
  type ContactUpdate,
  type DeliveryStatus,
  type ResendRequest,
  type Phase,
  type QueuedReply,
  type Resend,
  type SentRecord,
} from './contract';
import { initialPlan } from './booking-follow-ups';
import { queueCalendarUpdate, type PendingCalendarUpdate } from './calendar-updates';
import { planWithoutBooking } from './clear-booking';
import { CHANNEL_ROUTES } from './channels';
import { leanPathsOf, type LeanPaths } from './lean-session';
import { publish } from './publish';
import { BOOKING_PROMPTS } from './solicitation-cap';
import { demoScaleOf, dueAt, formatLocal, nowIso, windowOpensAt } from './timing';
import {
  validateBooking,
  validateClearBooking,
  validateConcernHandled,
  validateConsent,
  validateContact,
  validateResend,
  validateSwitchChannel,
  type RunFacts,
} from './update-validators';
import type { EventCheck } from './wait';

type Contact = Partial<Record<ContactField, string>>;

/** patched() id of a rebooking keeping the first booking's dropped prompts dropped; never reuse it. */
const REBOOKING_KEEPS_PROMPTS_DROPPED_PATCH = 'rebooking-keeps-booking-prompts-dropped';

/** patched() id of a permanent delivery-callback error switching its channel off; never reuse it. */
const CALLBACK_FAILURE_PATCH = 'permanent-delivery-callback-switches-channel-off';

/** patched() id of an opt-in leaving a channel that failed for good off; never reuse it. */
const OPT_IN_KEEPS_FAILED_OFF_PATCH = 'opt-in-leaves-a-failed-channel-off';

/** patched() id of ignoring an opt-in to a channel without enrolment consent; never reuse it. */
const OPT_IN_NEEDS_CONSENT_PATCH = 'opt-in-only-with-enrolment-consent';

/** patched() id of a contact change that moves the client to another zone; never reuse it. */
const CONTACT_TIMEZONE_PATCH = 'contact-timezone';

/** patched() id of clearing a recorded booking; never reuse it. */
const CLEAR_BOOKING_PATCH = 'clear-booking';

/** patched() id of staff switching a channel off or on; never reuse it. */
const CHANNEL_SWITCH_PATCH = 'staff-channel-switch';

/** patched() id of an email change keeping the EmailHash search attribute in step; never reuse it. */
const EMAIL_HASH_PATCH = 'email-hash';

/** Whether a booking is still to be made when none is recorded: another session is planned. */
function bookingStatusWithout(input: AftercareInput): BookingStatus {
  return input.session.number < input.session.plannedSessions ? 'awaiting' : 'not-needed';
}

/**
 * How many of the latest reply SIDs a run hands on when it continues as new: Twilio retries a
 * webhook within minutes, so only recent SIDs can come again, and the carried state stays small.
 */
export const SEEN_REPLY_SIDS_CARRIED = 1_000;

export class RunState implements RunFacts {
  /** Which of issue 17's cheaper paths this run takes; decided first, before any handler runs. */
  readonly lean: LeanPaths = leanPathsOf();
  /** Set by publish() in runs that upsert once per task: the next flush upserts what changed. */
  attributesStale = false;
  /** Attributes a handler changed besides publish()'s own (PhoneHash, EmailHash), for that flush. */
  readonly pendingAttributes: SearchAttributeUpdatePair[] = [];
  /** The client's zone: the enrolment's, until a contact change moves it (updateContact). */
  zone: string;
  readonly workflowId = workflowInfo().workflowId;
  /** Set in demo runs only: the fraction of a real day that one demo day lasts. */
  readonly demoScale: number | undefined;
  readonly sessionPerformedAt: string;

  readonly contact: Contact;
  readonly consent: Record<Channel, boolean>;
  /** Consents the client gave after enrolment, as staff recorded them (grantConsent). */
  readonly consents: ConsentRecord[] = [];
  readonly channels = {} as Record<Channel, ChannelState>;
  booking: { appointmentAt: string; recordedAt: string; firstRecordedAt?: string } | undefined;
  bookingStatus: BookingStatus;
  plan: PlannedStep[];
  /** Bumped by whatever can change the next step or its channels: a waiting timeline re-plans. */
  planVersion = 0;

  phase: Phase = 'welcome';
  stopped: { phase: 'cancelled' | 'superseded'; why: string } | undefined;
  paused: { reason: string; since: string } | undefined;
  readonly sent: SentRecord[] = [];
  readonly done = new Set<StepId>();

  /** Client replies waiting to be forwarded to the clinic, and the message SIDs already seen. */
  readonly replies: QueuedReply[] = [];
  private readonly seenReplies = new Set<string>();
  /** Operators' resends waiting to go out, in order, and how many were taken so far. */
  readonly resends: Resend[] = [];
  resendCount = 0;

  /** Notices already sent since the last contact change, so the clinic hears of each once. */
  unreachableNoticeSent = false;
  readonly failedChannelNoticeSent = new Set<Channel>();
  /** Client steps no channel carried although one still could; shown until one is sent after all. */
  readonly unsent = new Set<StepId>();
  readonly unsentNoticeSent = new Set<StepId>();
  /** A step tried again later than planned (the welcome after an outage), and when. */
  readonly retryAt: Partial<Record<StepId, string>> = {};
  welcomeTries = 0;
  /** A step whose delivery callback switched a channel off: the timeline tells the clinic. */
  callbackFailureToReport: StepId | undefined;
  /** A possible complication the client reported (urgent.ts), until staff mark it handled. */
  concern: Concern | undefined;
  /** Whether a concern was ever opened: only then does publish() keep the Concern search attribute. */
  concernRaised = false;
  /** Bookings recorded and cleared so far: the version (SEQUENCE) of the client's calendar. */
  bookingChanges = 0;
  /** The latest booking change the client's calendar has not been sent yet (calendar-updates.ts). */
  calendarUpdate: PendingCalendarUpdate | undefined;

  constructor(readonly input: AftercareInput) {
    const { client, session } = input;
    this.zone = client.timezone;
    this.demoScale = demoScaleOf(input);
    this.sessionPerformedAt = session.performedAt;
    this.contact = { phone: client.phone, email: client.email };
    this.consent = { ...client.consent };
    for (const c of CHANNELS) this.channels[c] = this.consent[c] && this.contactFor(c) ? 'active' : 'none';
    this.bookingStatus = bookingStatusWithout(input);
    this.plan = initialPlan(input);
    if (input.carried) this.restore(input.carried);
  }

  /** What the next run needs when this one continues as new; the input says the rest. */
  carry(): CarriedState {
    return {
      contact: { ...this.contact },
      consent: { ...this.consent },
      channels: { ...this.channels },
      ...(this.booking ? { booking: { ...this.booking } } : {}),
      bookingStatus: this.bookingStatus,
      plan: this.plan,
      planVersion: this.planVersion,
      phase: this.phase,
      ...(this.stopped ? { stopped: { ...this.stopped } } : {}),
      ...(this.paused ? { paused: { ...this.paused } } : {}),
      sent: this.sent.map((r) => ({ ...r })),
      done: [...this.done],
      replies: [...this.replies],
      seenReplies: [...this.seenReplies].slice(-SEEN_REPLY_SIDS_CARRIED),
      resends: [...this.resends],
      resendCount: this.resendCount,
      unreachableNoticeSent: this.unreachableNoticeSent,
      failedChannelNoticeSent: [...this.failedChannelNoticeSent],
      ...(this.callbackFailureToReport ? { callbackFailureToReport: this.callbackFailureToReport } : {}),
      unsent: [...this.unsent],
      unsentNoticeSent: [...this.unsentNoticeSent],
      retryAt: { ...this.retryAt },
      welcomeTries: this.welcomeTries,
      consents: this.consents.map((c) => ({ ...c })),
      ...(this.zone !== this.input.client.timezone ? { timezone: this.zone } : {}),
      ...(this.concern ? { concern: { ...this.concern, messageSids: [...this.concern.messageSids], matched: [...this.concern.matched] } } : {}),
      ...(this.concernRaised ? { concernRaised: true } : {}),
      ...(this.bookingChanges ? { bookingChanges: this.bookingChanges } : {}),
      ...(this.calendarUpdate ? { calendarUpdate: { ...this.calendarUpdate } } : {}),
    };
  }

  /** Takes up where the earlier run of this workflow ID stopped (see carry()). */
  private restore(carried: CarriedState): void {
    Object.assign(this.contact, carried.contact);
    Object.assign(this.consent, carried.consent);
    Object.assign(this.channels, carried.channels);
    this.booking = carried.booking;
    this.bookingStatus = carried.bookingStatus;
    this.plan = carried.plan;
    this.planVersion = carried.planVersion;
    this.phase = carried.phase;
    this.stopped = carried.stopped;
    this.paused = carried.paused;
    this.sent.push(...carried.sent);
    for (const step of carried.done) this.done.add(step);
    this.replies.push(...carried.replies);
    for (const sid of carried.seenReplies) this.seenReplies.add(sid);
    this.resends.push(...carried.resends);
    this.resendCount = carried.resendCount;
    this.unreachableNoticeSent = carried.unreachableNoticeSent;
    for (const channel of carried.failedChannelNoticeSent) this.failedChannelNoticeSent.add(channel);
    this.callbackFailureToReport = carried.callbackFailureToReport;
    for (const step of carried.unsent ?? []) this.unsent.add(step);
    for (const step of carried.unsentNoticeSent ?? []) this.unsentNoticeSent.add(step);
    Object.assign(this.retryAt, carried.retryAt);
    this.welcomeTries = carried.welcomeTries ?? 0;
    this.consents.push(...(carried.consents ?? []));
    if (carried.timezone) this.zone = carried.timezone;
    this.concern = carried.concern;
    this.concernRaised = carried.concernRaised ?? false;
    this.bookingChanges = carried.bookingChanges ?? 0;
    this.calendarUpdate = carried.calendarUpdate;
  }

  /**
   * The input a plan is built from: the enrolment's, or, once the client moved, the same session
   * on the same calendar day and wall time in the new zone, so that every step keeps its day.
   */
  planningInput(): AftercareInput {
    const { client, session } = this.input;
    if (this.zone === client.timezone) return this.input;
    return {
      ...this.input,
      client: { ...client, timezone: this.zone },
      session: { ...session, performedAt: sessionAtIn(session.performedAt, client.timezone, this.zone) },
    };
  }

  contactFor(channel: Channel): string | undefined {
    return this.contact[CHANNEL_CONTACT[channel]];
  }

  reachable(): boolean {
    return CHANNELS.some((c) => this.channels[c] === 'active');
  }

  /**
   * The next planned step not yet handled; none once the run is stopped. While a concern is open
   * the booking prompts are held: not done, not next, so the care-rule steps after them go on.
   */
  nextStep(): PlannedStep | undefined {
    if (this.stopped) return undefined;
    const pending = this.plan.filter((s) => !this.done.has(s.step) && !this.heldForConcern(s.step)).map((s) => this.timed(s));
    // Prompts held for a concern go later than planned, maybe after steps that follow them in the
    // plan: in runs that had one, the earliest step goes first (the plan's order breaks ties).
    if (!this.concernRaised) return pending[0];
    return pending.reduce<PlannedStep | undefined>((a, b) => (a && Date.parse(a.sendAt) <= Date.parse(b.sendAt) ? a : b), undefined);
  }

  /** A step at the time it goes: its retry time when it has one, else as planned. */
  private timed(step: PlannedStep): PlannedStep {
    const retry = this.retryAt[step.step];
    return retry ? { ...step, sendAt: retry } : step;
  }

  /** Whether `step` waits for staff to mark the open concern handled. */
  heldForConcern(step: StepId): boolean {
    return this.concern !== undefined && BOOKING_PROMPTS.has(step);
  }

  /** Whether a booking prompt is held: a concern is open and one is still to go. */
  holdsBookingPrompts(): boolean {
    return this.plan.some((s) => !this.done.has(s.step) && this.heldForConcern(s.step));
  }

  plannedAt(step: StepId): string | undefined {
    return this.plan.find((p) => p.step === step)?.sendAt;
  }

  record(entry: SentRecord): void {
    this.sent.push(entry);
    if (entry.status === 'sent' && entry.channel !== 'clinic-email' && entry.id !== URGENT_REPLY && entry.id !== CALENDAR_UPDATE) this.unsent.delete(entry.id);
  }

  /** The latest record of a channel matching `which` (its failure, say). */
  lastRecord(channel: Channel, which: (r: SentRecord) => boolean): SentRecord | undefined {
    return [...this.sent].reverse().find((r) => r.channel === channel && which(r));
  }

  /** Whether the client was sent `step` (the provider accepted it) on at least one channel. */
  wasSent(step: StepId): boolean {
    return this.sent.some((r) => r.id === step && r.channel !== 'clinic-email' && (r.status === 'sent' || r.status === 'delivered'));
  }

  /** Marks a step done without sending it, on each channel that would have carried it. */
  skip(step: StepId, reason: string): void {
    this.done.add(step);
    if (STEPS[step].to === 'clinic') {
      this.record({ id: step, channel: 'clinic-email', at: nowIso(), status: 'skipped', detail: reason });
      return;
    }
    for (const channel of CHANNELS) {
      if (this.channels[channel] === 'active') this.record({ id: step, channel, at: nowIso(), status: 'skipped', detail: reason });
    }
  }

  publish(lastDone?: string): void {
    publish(this, lastDone);
  }

  /** Answers, for a wait starting now, whether each event has happened since. */
  eventsSince(): EventCheck {
    const version = this.planVersion;
    return (event) => {
      switch (event) {
        case 'stopped':
          return this.stopped !== undefined;
        case 'plan-changed':
          return this.planVersion !== version;
        case 'reply':
          return this.replies.length > 0;
        case 'urgent':
          return this.replies.some((r) => r.triage?.class === 'urgent');
        case 'resend':
          return this.resends.length > 0 && !this.paused;
        case 'paused':
          return this.paused !== undefined;
        case 'resumed':
          return this.paused === undefined;
      }
    };
  }

  status(): AftercareStatus {
    const next = this.nextStep();
    return {
      phase: this.stopped ? this.stopped.phase : this.phase,
      sessionNumber: this.input.session.number,
      nextStep: next ? { id: next.step, sendAt: next.sendAt } : null,
      sent: [...this.sent],
      booking: { status: this.bookingStatus, appointmentAt: this.booking?.appointmentAt ?? null },
      channels: { ...this.channels },
      plan: this.plan,
      timezone: this.zone,
      clinicId: this.input.clinic.id,
      clientRef: this.input.clientRef,
      paused: this.paused ?? null,
      consents: this.consents.map((c) => ({ ...c })),
      concern: this.concern ? { ...this.concern, messageSids: [...this.concern.messageSids], matched: [...this.concern.matched] } : null,
      session: { performedAt: this.input.session.performedAt, plannedSessions: this.input.session.plannedSessions },
      locale: this.input.client.locale ?? DEFAULT_LANGUAGE,
      calendarSequence: this.bookingChanges,
    };
  }

  clientDetails(): ClientDetails {
    const { client, consentRecord } = this.input;
    return {
      firstName: client.firstName,
      ...(this.contact.phone ? { phone: this.contact.phone } : {}),
      ...(this.contact.email ? { email: this.contact.email } : {}),
      timezone: this.zone,
      ...(client.region ? { region: client.region } : {}),
      ...(client.locale ? { locale: client.locale } : {}),
      consent: { sms: this.consentOnRecord('sms'), email: this.consentOnRecord('email') },
      ...(consentRecord ? { consentRecord: { ...consentRecord } } : {}),
    };
  }

  /** Registers every handler; called before the run's first await so no early signal is lost. */
  registerHandlers(): void {
    setHandler(statusQuery, () => this.status());
    setHandler(clientDetailsQuery, () => this.clientDetails());
    setHandler(recordBookingUpdate, ({ appointmentAt }) => this.recordBooking(appointmentAt), { validator: (arg) => validateBooking(this, arg) });
    setHandler(updateContactUpdate, (update) => this.updateContact(update), { validator: (arg) => validateContact(this, arg) });
    setHandler(resendStepUpdate, (arg) => this.queueResend(arg), { validator: (arg) => validateResend(this, arg) });
    setHandler(grantConsentUpdate, (arg) => this.grantConsent(arg), { validator: (arg) => validateConsent(this, arg) });
    setHandler(clearBookingUpdate, () => this.clearBooking(), { validator: () => validateClearBooking(this) });
    setHandler(switchChannelUpdate, (arg) => this.switchChannel(arg), { validator: (arg) => validateSwitchChannel(this, arg) });
    setHandler(markConcernHandledUpdate, () => this.concernHandled(), { validator: (arg) => validateConcernHandled(this, arg) });
    setHandler(cancelSignal, ({ reason }) => {
      this.stopped ??= { phase: 'cancelled', why: reason || 'cancelled by the clinic' };
    });
    setHandler(supersedeSignal, ({ bySessionNumber }) => {
      if (bySessionNumber > this.input.session.number) this.stopped ??= { phase: 'superseded', why: `session ${bySessionNumber} started` };
    });
    // Delivery is all an older session needs (supersede.ts); the signal stays in the history.
    setHandler(olderSessionStartedSignal, () => undefined);
    setHandler(pauseSignal, ({ reason }) => this.pause(reason));
    setHandler(resumeSignal, () => this.resume());
    setHandler(optOutSignal, ({ channel }) => this.optOut(channel));
    setHandler(optInSignal, ({ channel }) => this.optIn(channel));
    setHandler(clientReplySignal, (reply) => this.addReply(reply));
    setHandler(deliveryStatusSignal, (update) => this.deliveryStatus(update));
  }

  private recordBooking(appointmentAt: string): AftercareStatus {
    // Once a booking is recorded the prompts stay dropped: a rebooking keeps the first one's time.
    // Runs rebooked before the change replay as they were.
    const first = this.booking && patched(REBOOKING_KEEPS_PROMPTS_DROPPED_PATCH) ? (this.booking.firstRecordedAt ?? this.booking.recordedAt) : undefined;
    this.booking = { appointmentAt, recordedAt: nowIso(), ...(first ? { firstRecordedAt: first } : {}) };
    this.bookingStatus = 'booked';
    this.plan = planOf(this.planningInput(), this.booking);
    this.planVersion++;
    this.bookingChanges++;
    queueCalendarUpdate(this, 'booked', appointmentAt);
    this.publish(`booking recorded for ${formatLocal(appointmentAt, this.zone)}`);
    return this.status();
  }

  private updateContact(update: ContactUpdate): AftercareStatus {
    const moved = update.timezone !== undefined && update.timezone !== this.zone && patched(CONTACT_TIMEZONE_PATCH);
    if (moved) this.moveTo(update.timezone as string);
    // Only a zone (the validator refuses an empty change): the channels and the unreachable notice are as they were.
    if (update.phone === undefined && update.email === undefined) {
      this.publish(`time zone ${moved ? 'changed to' : 'stays'} ${this.zone}`);
      return this.status();
    }
    if (update.phone !== undefined) {
      this.contact.phone = update.phone;
      this.setAttribute({ key: SEARCH_ATTRIBUTES.PhoneHash, value: update.phoneHash ?? null });
    }
    if (update.email !== undefined) {
      this.contact.email = update.email;
      // The unsubscribe link finds runs by EmailHash: the new address's hash, or none without one
      // (so the old address's link no longer reaches this run).
      if (patched(EMAIL_HASH_PATCH)) this.setAttribute({ key: SEARCH_ATTRIBUTES.EmailHash, value: update.emailHash ?? null });
    }
    // A corrected detail brings its channels back, unless the client opted out of them or staff switched them off.
    for (const c of CHANNELS) {
      if (update[CHANNEL_CONTACT[c]] !== undefined && this.consent[c] && this.channels[c] !== 'opted-out' && this.channels[c] !== 'off') this.channels[c] = 'active';
    }
    this.unreachableNoticeSent = false;
    this.publish(moved ? `contact details updated; time zone changed to ${this.zone}` : 'contact details updated');
    return this.status();
  }

  /** An attribute publish() does not cover: upserted now, or with the task's one upsert. */
  private setAttribute(pair: SearchAttributeUpdatePair): void {
    if (this.lean.upsertOncePerTask) this.pendingAttributes.push(pair);
    else upsertSearchAttributes([pair]);
  }

  /** The client moved: the steps still to come keep their days, at the clinic's send time in `zone`. */
  private moveTo(zone: string): void {
    this.zone = zone;
    const { sendTime, window } = timingOf(this.input);
    const to = { zone, sendTime, window, enrolledAt: this.input.enrolledAt };
    this.plan = this.plan.map((s) => (this.done.has(s.step) ? s : retimedInZone(s, to))).sort(byPlanOrder);
    this.planVersion++;
  }

  private clearBooking(): AftercareStatus {
    // The update is newer than every run recorded before it: the marker dates the first clear.
    if (!patched(CLEAR_BOOKING_PATCH)) return this.status();
    const cleared = this.booking?.appointmentAt;
    this.booking = undefined;
    this.bookingStatus = bookingStatusWithout(this.input);
    this.plan = planWithoutBooking(this);
    this.planVersion++;
    this.bookingChanges++;
    if (cleared) queueCalendarUpdate(this, 'cancelled', cleared);
    this.publish('booking cleared');
    return this.status();
  }

  private switchChannel({ channel, enabled }: ChannelSwitch): AftercareStatus {
    // The update is newer than every run recorded before it: the marker dates the first switch.
    if (!patched(CHANNEL_SWITCH_PATCH)) return this.status();
    const from = this.channels[channel];
    // The validator refused `on` without consent and a detail, after a STOP and after a failure;
    // `off` leaves a STOP or a failure as it is.
    if (enabled && from !== 'active') {
      this.consent[channel] = true;
      this.channels[channel] = 'active';
      this.unreachableNoticeSent = false;
    }
    if (!enabled && from === 'active') this.channels[channel] = 'off';
    this.planVersion++;
    this.publish(`${CHANNEL_LABEL[channel]} switched ${enabled ? 'on' : 'off'} by staff`);
    return this.status();
  }

  /**
   * Opens a concern for an urgent reply, or adds the reply to the one open. The timeline calls it
   * (urgent.ts): handlers only queue the reply.
   */
  openConcern(messageSid: string, matched: readonly string[]): void {
    this.concernRaised = true;
    if (!this.concern) {
      this.concern = { openedAt: nowIso(), messageSids: [messageSid], matched: [...new Set(matched)] };
      return;
    }
    this.concern.messageSids.push(messageSid);
    this.concern.matched = [...new Set([...this.concern.matched, ...matched])];
  }

  /**
   * Staff looked into the concern (the validator refused when none is open): the booking prompts
   * held meanwhile go at the next window opening, each keeping its distance to the next; a nudge
   * that fell due as well goes that much later. The note stays in the audit log, not here.
   */
  private concernHandled(): AftercareStatus {
    this.concern = undefined;
    const prompts = this.plan.filter((s) => BOOKING_PROMPTS.has(s.step) && !this.done.has(s.step)).map((s) => this.timed(s));
    const first = prompts.find((s) => dueAt(s.sendAt, this.input.enrolledAt, this.demoScale) <= Date.now());
    if (first) {
      const shift = windowOpensAt(this.zone, this.input.clinic.window, this.demoScale !== undefined) - Date.parse(first.sendAt);
      for (const s of prompts) {
        if (Date.parse(s.sendAt) >= Date.parse(first.sendAt)) this.retryAt[s.step] = new Date(Date.parse(s.sendAt) + shift).toISOString();
      }
    }
    this.planVersion++;
    this.publish('concern handled');
    return this.status();
  }

  private queueResend({ step, channel, reason }: ResendRequest): AftercareStatus {
    this.resends.push({ step: step as ClientStepId, reason: reason || 'resent by an operator', ...(channel ? { channel } : {}) });
    return this.status();
  }

  private grantConsent({ channel, text, at }: ConsentGrant): AftercareStatus {
    this.consents.push({ channel, text, at, recordedAt: nowIso() });
    this.consent[channel] = true;
    // The client's word now outweighs an earlier STOP. A detail that failed stays off until it is
    // corrected (updateContact then brings the channel back, consent being on record).
    if (this.channels[channel] !== 'failed') {
      this.channels[channel] = 'active';
      this.unreachableNoticeSent = false;
    }
    this.planVersion++;
    this.publish(`consent recorded for ${CHANNEL_LABEL[channel]}`);
    return this.status();
  }

  /** Whether the client agreed to `channel`, at enrolment or since (grantConsent). */
  consentOnRecord(channel: Channel): boolean {
    return this.input.client.consent[channel] || this.consents.some((c) => c.channel === channel);
  }

  private pause(reason: string): void {
    if (this.stopped || this.paused) return;
    this.paused = { reason: reason || 'paused by an operator', since: nowIso() };
    this.publish();
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = undefined;
    this.publish('resumed');
  }

  private optOut(channel: Channel): void {
    if (this.channels[channel] !== 'none') this.channels[channel] = 'opted-out';
    this.planVersion++;
  }

  private optIn(channel: Channel): void {
    // Staff switched the channel off (switchChannel): only staff switch it on again.
    if (this.channels[channel] === 'off') {
      log.warn('opt-in ignored: the channel was switched off by staff', { workflowId: this.workflowId, channel });
      return;
    }
    // Opt-in only takes back an opt-out: consent never given (a START text where the client
    // refused texts) needs its wording and time recorded (grantConsent), which a signal cannot carry.
    if (!this.consentOnRecord(channel) && patched(OPT_IN_NEEDS_CONSENT_PATCH)) {
      log.warn('opt-in ignored: no consent on record', { workflowId: this.workflowId, channel });
      return;
    }
    // A number or address the provider refused for good stays off until it is corrected: a START
    // does not make a landline take texts.
    if (this.channels[channel] === 'failed' && patched(OPT_IN_KEEPS_FAILED_OFF_PATCH)) {
      log.warn('opt-in ignored: the channel failed for good', { workflowId: this.workflowId, channel });
      return;
    }
    if (this.contactFor(channel)) {
      this.consent[channel] = true;
      this.channels[channel] = 'active';
    }
    this.planVersion++;
  }

  private addReply(reply: ClientReply): void {
    if (this.seenReplies.has(reply.messageSid)) return;
    this.seenReplies.add(reply.messageSid);
    this.replies.push({ ...reply, receivedAt: nowIso() });
  }

  private deliveryStatus({ step, channel, status, detail, errorCode }: DeliveryStatus): void {
    const record = this.lastRecord(channel, (r) => r.id === step);
    if (!record) return;
    // 'failed'/'undelivered' of any part wins over 'delivered' of another part.
    if (record.status === 'failed' || record.status === 'undelivered') return;
    record.status = status;
    if (detail) record.detail = detail;
    if (status !== 'delivered') this.callbackFailed(step, channel, errorCode);
  }

  /** A permanent error reported after the send ends the channel, as one at the send does. */
  private callbackFailed(step: StepId, channel: Channel, errorCode: string | undefined): void {
    const type = errorCode ? CHANNEL_ROUTES[channel].callbackFailure(errorCode) : undefined;
    if (!type || this.channels[channel] !== 'active') return;
    // Runs that heard such a callback before the change replay as they were: nothing changed.
    if (!patched(CALLBACK_FAILURE_PATCH)) return;
    this.channels[channel] = CHANNEL_ROUTES[channel].afterPermanentFailure(type);
    this.callbackFailureToReport = step;
    log.warn('channel switched off by a delivery callback', { workflowId: this.workflowId, channel, errorCode });
    this.planVersion++;
  }
}
