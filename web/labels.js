/**
 * Words and badge tones for the states the server reports. Step labels are not here: they come
 * from the server's step table (state/steps.js).
 */

/** Phases that are not a step: before the first step, and the three ways aftercare ends. */
export const PHASE_LABELS = { enrolled: 'Enrolled', completed: 'Completed', superseded: 'Superseded', cancelled: 'Cancelled' };
export const TERMINAL_PHASES = new Set(['completed', 'superseded', 'cancelled']);

export function phaseTone(phase) {
  if (!TERMINAL_PHASES.has(phase)) return 'info';
  return phase === 'completed' ? 'success' : 'neutral';
}

/** What a run sends that is not a step of the plan. */
export const SEND_LABELS = { 'urgent-reply': 'Urgent reply: clinic alerted, client answered', 'calendar-update': 'Calendar update (booking changed)' };

const CHANNEL_LABELS = { sms: 'SMS', email: 'Email', 'clinic-email': 'Clinic email', 'clinic-sms': 'Clinic on-call text' };
export const channelLabel = (channel) => CHANNEL_LABELS[channel] || String(channel);

const DELIVERY = {
  sent: { label: 'Sent', tone: 'info' },
  delivered: { label: 'Delivered', tone: 'success' },
  undelivered: { label: 'Undelivered', tone: 'warning' },
  failed: { label: 'Failed', tone: 'danger' },
  skipped: { label: 'Skipped', tone: 'neutral' },
};
export const deliveryState = (status) => DELIVERY[status] || { label: String(status), tone: 'neutral' };

const CHANNEL_STATE = {
  active: { label: 'Active', tone: 'success' },
  'opted-out': { label: 'Opted out', tone: 'warning' },
  off: { label: 'Switched off', tone: 'neutral' },
  failed: { label: 'Failing', tone: 'danger' },
  none: { label: 'Not used', tone: 'neutral' },
};
export const channelState = (state) => CHANNEL_STATE[state] || { label: state || 'Unknown', tone: 'neutral' };

const BOOKING = {
  'not-needed': { label: 'Not needed', tone: 'neutral' },
  awaiting: { label: 'Awaiting booking', tone: 'warning' },
  booked: { label: 'Booked', tone: 'success' },
};
export const bookingState = (status) => BOOKING[status];

/** The triage class of a client's text (domain/triage/types.ts), urgent loudest. */
const TRIAGE = {
  urgent: { label: 'Urgent', tone: 'danger' },
  booking: { label: 'Booking', tone: 'info' },
  question: { label: 'Question', tone: 'warning' },
  other: { label: 'Other', tone: 'neutral' },
};
/** A keyword the server acted on by itself (STOP, START, HELP, BOOK) has no class. */
const KEYWORD = { stop: 'STOP', start: 'START', help: 'HELP', book: 'BOOK' };
export function textClass(text) {
  if (text.triage && TRIAGE[text.triage.class]) return { key: text.triage.class, ...TRIAGE[text.triage.class] };
  if (text.keyword) return { key: `keyword-${text.keyword}`, label: KEYWORD[text.keyword] || String(text.keyword).toUpperCase(), tone: 'neutral' };
  return null;
}

/** A session's card in a client's course (GET .../course): enrolled ones by their run, the rest by the booking. */
const COURSE_SESSION = {
  done: { label: 'Done', tone: 'success' },
  healing: { label: 'Healing', tone: 'info' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  booked: { label: 'Booked', tone: 'warning' },
  'not-yet': { label: 'Not yet', tone: 'neutral' },
};
export const courseSessionState = (state) => COURSE_SESSION[state] || { label: String(state), tone: 'neutral' };

const TOUCH_UP = {
  waiting: { label: 'Reminders on', tone: 'info' },
  stopped: { label: 'Stopped', tone: 'neutral' },
  ended: { label: 'Ended', tone: 'neutral' },
};
export const touchUpState = (state) => TOUCH_UP[state] || { label: String(state), tone: 'neutral' };
/** What staff made of a photo the client texted in (app/photos.ts). */
const PHOTO_REVIEW = {
  'to-review': { label: 'To review', tone: 'warning' },
  'looks-fine': { label: 'Looks fine', tone: 'success' },
  'call-client': { label: 'Call the client', tone: 'danger' },
};
export const photoReview = (state) => PHOTO_REVIEW[state] || { label: String(state), tone: 'neutral' };
