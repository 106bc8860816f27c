/**
 * The clinic form's fields, and the POST / PATCH /api/clinics bodies built from them. The server
 * judges every value and fills the defaults of what is left empty; the page only names what it
 * alone can tell (a sender chosen as "own number" with no number typed).
 */
import { issueSorter, numberOrAsTyped, phoneAsSent } from './form-values.js';

/** Where a clinic's texts come from: the choice the form offers, and how the profile says it. */
export const SENDERS = [
  { value: 'number', label: 'Its own Twilio number' },
  { value: 'service', label: 'A Twilio messaging service' },
  { value: 'platform', label: "The platform's default sender" },
];

/**
 * Every field in page order, by section: control id, label, the body paths it shows issues for.
 * Ids start with `clinic-`, apart from the enrolment form's on the same page.
 */
export const SECTIONS = [
  {
    id: 'basics',
    title: 'Basics',
    fields: [
      { id: 'clinic-id', label: 'Clinic ID', paths: ['id'] },
      { id: 'clinic-name', label: 'Name', paths: ['name'] },
      { id: 'clinic-phone', label: 'Phone', paths: ['phone'] },
      { id: 'clinic-email', label: 'Email', paths: ['email'] },
      { id: 'clinic-bookingUrl', label: 'Booking link', paths: ['bookingUrl'] },
    ],
  },
  {
    id: 'timing',
    title: 'Sending window',
    fields: [
      { id: 'clinic-sendTime', label: 'Send time', paths: ['sendTime'] },
      { id: 'clinic-window', label: 'Sending window', paths: ['window'] },
      { id: 'clinic-plannedSessions', label: 'Planned sessions', paths: ['plannedSessions'] },
    ],
  },
  {
    id: 'sms',
    title: 'SMS sender',
    fields: [
      { id: 'clinic-sender', label: 'Texts come from', paths: [] },
      { id: 'clinic-smsFrom', label: 'Twilio number', paths: ['sms.from'] },
      { id: 'clinic-smsService', label: 'Messaging service SID', paths: ['sms.messagingServiceSid'] },
      { id: 'clinic-accountSid', label: 'Sub-account SID', paths: ['sms.accountSid'] },
      { id: 'clinic-authTokenEnv', label: 'Auth token variable', paths: ['sms.authTokenEnv'] },
      { id: 'clinic-smsRate', label: 'Texts per second', paths: ['sms.ratePerSecond'] },
    ],
  },
  {
    id: 'email',
    title: 'Email sender',
    fields: [
      { id: 'clinic-emailFrom', label: 'From', paths: ['emailFrom'] },
      { id: 'clinic-replyTo', label: 'Reply-To', paths: ['replyTo'] },
    ],
  },
  {
    id: 'care',
    title: 'Care settings',
    fields: [
      { id: 'clinic-onCallPhone', label: 'On-call phone', paths: ['onCallPhone'] },
      { id: 'clinic-defaultLocale', label: 'Default language', paths: ['defaultLocale'] },
      { id: 'clinic-reviewUrl', label: 'Review link', paths: ['reviewUrl'] },
      { id: 'clinic-photoCheckIns', label: 'Photo check-ins', paths: ['photoCheckIns'] },
      { id: 'clinic-touchUp', label: 'Touch-up interval (months)', paths: ['touchUpIntervalMonths'] },
    ],
  },
];

export const CLINIC_FIELDS = SECTIONS.flatMap((s) => s.fields);

export const clinicLabel = (id) => (CLINIC_FIELDS.find((f) => f.id === id) || {}).label || '';

/** An issue about the sender as a whole ("a number or a messaging service, not both") shows at the choice. */
const sorter = issueSorter(CLINIC_FIELDS, [['sms', 'clinic-sender']]);

export const groupClinicIssues = sorter.group;

const text = (value) => (value === undefined || value === null ? '' : String(value));

/** The window's two ends as typed ("09:00-20:00" -> ["09:00", "20:00"]). */
function windowEnds(window) {
  const m = /^\s*(\S*)\s*-\s*(\S*)\s*$/.exec(text(window));
  return m ? [m[1], m[2]] : ['', ''];
}

/** The form's values for a clinic, or for a new one (empty: the server fills in its defaults). */
export function formValues(clinic) {
  const c = clinic || {};
  const sms = c.sms || {};
  const [windowStart, windowEnd] = windowEnds(c.window);
  return {
    id: text(c.id),
    name: text(c.name),
    phone: text(c.phone),
    email: text(c.email),
    bookingUrl: text(c.bookingUrl),
    sendTime: text(c.sendTime),
    windowStart,
    windowEnd,
    plannedSessions: text(c.plannedSessions),
    sender: sms.messagingServiceSid ? 'service' : sms.from ? 'number' : 'platform',
    smsFrom: text(sms.from),
    smsService: text(sms.messagingServiceSid),
    accountSid: text(sms.accountSid),
    authTokenEnv: text(sms.authTokenEnv),
    smsRate: text(sms.ratePerSecond),
    emailFrom: text(c.emailFrom),
    replyTo: text(c.replyTo),
    onCallPhone: text(c.onCallPhone),
    defaultLocale: text(c.defaultLocale),
    reviewUrl: text(c.reviewUrl),
    photoCheckIns: Boolean(c.photoCheckIns),
    touchUp: text(c.touchUpIntervalMonths),
  };
}

const trimmed = (value) => {
  const t = String(value).trim();
  return t === '' ? undefined : t;
};

/** Leaves out what is undefined, so an empty optional field is simply not sent. */
const defined = (object) => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));

/** The profile the form describes (for POST), and the issues only the page can name. */
export function clinicBody(values) {
  const local = [];
  const start = trimmed(values.windowStart);
  const end = trimmed(values.windowEnd);
  const sms = defined({
    from: values.sender === 'number' ? trimmed(phoneAsSent(values.smsFrom)) : undefined,
    messagingServiceSid: values.sender === 'service' ? trimmed(values.smsService) : undefined,
    accountSid: values.sender === 'platform' ? undefined : trimmed(values.accountSid),
    authTokenEnv: values.sender === 'platform' ? undefined : trimmed(values.authTokenEnv),
    ratePerSecond: numberOrAsTyped(values.smsRate),
  });
  if (values.sender === 'number' && !sms.from) local.push({ path: 'sms.from', message: "Enter the clinic's Twilio number, or choose another sender." });
  if (values.sender === 'service' && !sms.messagingServiceSid) {
    local.push({ path: 'sms.messagingServiceSid', message: 'Enter the messaging service SID (MG…), or choose another sender.' });
  }
  const body = defined({
    id: trimmed(values.id),
    name: trimmed(values.name),
    phone: trimmed(phoneAsSent(values.phone)),
    email: trimmed(values.email),
    bookingUrl: trimmed(values.bookingUrl),
    sendTime: trimmed(values.sendTime),
    window: start || end ? `${start || ''}-${end || ''}` : undefined,
    plannedSessions: numberOrAsTyped(values.plannedSessions),
    sms,
    emailFrom: trimmed(values.emailFrom),
    replyTo: trimmed(values.replyTo),
    onCallPhone: trimmed(phoneAsSent(values.onCallPhone)),
    defaultLocale: trimmed(values.defaultLocale),
    reviewUrl: trimmed(values.reviewUrl),
    photoCheckIns: values.photoCheckIns,
    touchUpIntervalMonths: numberOrAsTyped(values.touchUp),
  });
  return { body, local };
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A JSON Merge Patch from `before` to `after` (what PATCH /api/clinics/:id reads): the fields that
 * differ, an emptied one as null (the server forgets it, or returns it to its default), and the
 * sender merged field by field the same way.
 */
function mergePatch(before, after) {
  const patch = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (same(before[key], after[key])) continue;
    if (key === 'sms') patch.sms = mergePatch(before.sms || {}, after.sms || {});
    else patch[key] = after[key] === undefined ? null : after[key];
  }
  return patch;
}

/** What an edit changes, as a merge patch of the clinic as loaded (its id never changes). */
export function clinicChanges(clinic, values) {
  const { body: before } = clinicBody(formValues(clinic));
  const { body: after, local } = clinicBody(values);
  const { id: _id, ...changes } = mergePatch(before, after);
  return { body: changes, local };
}

/** The list's words for a clinic's text sender. */
export function senderText(clinic) {
  const sms = clinic.sms || {};
  const via = sms.accountSid ? ' (sub-account)' : '';
  if (sms.from) return `${sms.from}${via}`;
  if (sms.messagingServiceSid) return `Service ${sms.messagingServiceSid}${via}`;
  return 'Platform sender';
}

export function rateText(clinic) {
  const rate = clinic.sms && clinic.sms.ratePerSecond;
  return typeof rate === 'number' ? `${rate} per second` : '—';
}
