/**
 * The updates' validators: they run before an update is accepted, so a refused update leaves no
 * trace in the history. Each refusal is typed (validation.ts), naming the field at fault.
 */
import { beyondBookingHorizon, BOOKING_HORIZON_HINT } from '../domain/booking';
import { CHANNEL_CONTACT, CHANNEL_LABEL, CHANNELS, describeChannels, isChannel, type Channel } from '../domain/channels';
import { CONSENT_TEXT_MAX } from '../domain/consent';
import { PHONE_NUMBER_HINT, phoneNumberProblem } from '../domain/phone';
import { ISO_INSTANT_HINT, isIsoInstant, isTimeZone, TIMEZONE_HINT } from '../domain/time';
import { STEPS, type StepId } from '../domain/steps';
import type { ChannelState } from './contract';
import { refuseEnded, refuseField } from './validation';

/** What the validators need to know of the run. */
export interface RunFacts {
  stopped?: { phase: string } | undefined;
  sessionPerformedAt: string;
  channels: Record<Channel, ChannelState>;
  done: ReadonlySet<StepId>;
  plannedAt(step: StepId): string | undefined;
  contactFor(channel: Channel): string | undefined;
}

/** How far ahead of the run's clock a consent's time may be: the clinic's device may run a little fast. */
const CONSENT_CLOCK_SKEW_MS = 60_000;

// The workflow's own check, kept as it was: a stricter one would refuse addresses accepted before.
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What an empty contact change is told, here and by the API and CLI before they call. */
export const CONTACT_CHANGE_HINT = 'give a phone, an email, a time zone, or several of them';

/** Turning on, or recording consent for, a channel whose contact detail is missing. */
function refuseNoDetail(channel: Channel): never {
  refuseField('channel', `${CHANNEL_LABEL[channel]} needs the client's ${CHANNEL_CONTACT[channel]} and there is none on file: add it with a contact change first`);
}

function refuseIfEnded(run: RunFacts): void {
  if (run.stopped) refuseEnded(run.stopped.phase);
}

export function validateBooking(run: RunFacts, arg: { appointmentAt?: unknown } | undefined): void {
  refuseIfEnded(run);
  const appointmentAt = arg?.appointmentAt;
  if (typeof appointmentAt !== 'string' || !isIsoInstant(appointmentAt)) {
    refuseField('appointmentAt', 'must be an ISO-8601 date and time with an offset');
  }
  const at = Date.parse(appointmentAt);
  if (at <= Date.now()) refuseField('appointmentAt', 'the appointment must be in the future');
  if (beyondBookingHorizon(at, Date.now())) refuseField('appointmentAt', BOOKING_HORIZON_HINT);
  if (at <= Date.parse(run.sessionPerformedAt)) refuseField('appointmentAt', 'the appointment must be after this session');
}

export function validateContact(run: RunFacts, update: { phone?: unknown; email?: unknown; phoneHash?: unknown; emailHash?: unknown; timezone?: unknown } | undefined): void {
  refuseIfEnded(run);
  if (!update || (update.phone === undefined && update.email === undefined && update.timezone === undefined)) {
    refuseField('phone', CONTACT_CHANGE_HINT);
  }
  if (update.timezone !== undefined && (typeof update.timezone !== 'string' || !isTimeZone(update.timezone))) refuseField('timezone', TIMEZONE_HINT);
  if (update.phone !== undefined) {
    if (typeof update.phone !== 'string') refuseField('phone', PHONE_NUMBER_HINT);
    const problem = phoneNumberProblem(update.phone);
    if (problem) refuseField('phone', problem);
  }
  // Without its hash a new phone would clear PhoneHash, and a STOP from the number would find nobody.
  if (update.phone !== undefined && (typeof update.phoneHash !== 'string' || update.phoneHash === '')) {
    refuseField('phoneHash', 'a new phone must come with its PhoneHash (computed by the app with PHONE_HASH_KEY)');
  }
  if (update.email !== undefined && (typeof update.email !== 'string' || !EMAIL_ADDRESS.test(update.email))) {
    refuseField('email', 'must be an email address');
  }
  if (update.emailHash !== undefined && (update.email === undefined || typeof update.emailHash !== 'string' || update.emailHash === '')) {
    refuseField('emailHash', 'comes only with a new email, as its EmailHash (computed by the app with PHONE_HASH_KEY)');
  }
}

export function validateResend(run: RunFacts, arg: { step?: unknown; channel?: unknown; reason?: unknown } | undefined): void {
  refuseIfEnded(run);
  const step = arg?.step;
  if (typeof step !== 'string' || !(step in STEPS)) refuseField('step', `must be one of ${Object.keys(STEPS).join(', ')}`);
  const id = step as StepId;
  if (STEPS[id].to !== 'client') refuseField('step', `${step} goes to the clinic, not the client`);
  if (!run.done.has(id)) refuseField('step', `${step} is not due yet; it goes on ${run.plannedAt(id) ?? 'no planned date'}`);
  const channel = arg?.channel;
  if (channel !== undefined && !isChannel(channel)) refuseField('channel', `must be ${CHANNELS.join(' or ')}`);
  const usable = CHANNELS.filter((c) => run.channels[c] === 'active' && (channel === undefined || c === channel));
  if (usable.length === 0) {
    refuseField('channel', `${channel ?? 'no channel'} is not active for this client (${describeChannels(run.channels)})`);
  }
  if (typeof arg?.reason === 'string' && arg.reason.length > 200) refuseField('reason', 'must be at most 200 characters');
}

export function validateConsent(run: RunFacts, arg: { channel?: unknown; text?: unknown; at?: unknown } | undefined): void {
  refuseIfEnded(run);
  const channel = arg?.channel;
  if (!isChannel(channel)) refuseField('channel', `must be ${CHANNELS.join(' or ')}`);
  const text = arg?.text;
  if (typeof text !== 'string' || text.trim() === '') refuseField('text', 'must not be empty: the wording the client agreed to');
  if (text.length > CONSENT_TEXT_MAX) refuseField('text', `must be at most ${CONSENT_TEXT_MAX} characters`);
  const at = arg?.at;
  if (typeof at !== 'string' || !isIsoInstant(at)) refuseField('at', ISO_INSTANT_HINT);
  if (Date.parse(at) > Date.now() + CONSENT_CLOCK_SKEW_MS) refuseField('at', 'is in the future: record a consent once the client has given it');
  // Consent given before the session belongs to the enrolment, which records it with the run.
  if (Date.parse(at) < Date.parse(run.sessionPerformedAt)) refuseField('at', 'is before this session: consent given then belongs in the enrolment');
  if (!run.contactFor(channel)) refuseNoDetail(channel);
}

export function validateClearBooking(run: RunFacts & { booking: unknown }): void {
  refuseIfEnded(run);
  if (!run.booking) refuseField('booking', 'there is no booking to clear');
}

export function validateSwitchChannel(run: RunFacts & { consentOnRecord(channel: Channel): boolean }, arg: { channel?: unknown; enabled?: unknown } | undefined): void {
  refuseIfEnded(run);
  const channel = arg?.channel;
  if (!isChannel(channel)) refuseField('channel', `must be ${CHANNELS.join(' or ')}`);
  if (typeof arg?.enabled !== 'boolean') refuseField('enabled', 'must be true (on) or false (off)');
  if (!arg.enabled) return;
  const label = CHANNEL_LABEL[channel];
  const field = CHANNEL_CONTACT[channel];
  const state = run.channels[channel];
  if (state === 'opted-out') refuseField('channel', `the client opted out of ${label} themselves (STOP): only the client can take that back`);
  if (state === 'failed') refuseField('channel', `${label} failed for good on the client's ${field}: correct it with a contact change`);
  if (!run.consentOnRecord(channel)) refuseField('channel', `the client has not agreed to ${label}: record their consent first`);
  if (!run.contactFor(channel)) refuseNoDetail(channel);
}

export function validateConcernHandled(run: RunFacts & { concern: unknown }, arg: { note?: unknown } | undefined): void {
  if (arg?.note !== undefined && typeof arg.note !== 'string') refuseField('note', 'must be text');
  if (!run.concern) refuseField('concern', 'there is no open concern to mark handled');
}
