/**
 * The enrolment form's fields and the POST /api/enrollments body built from them. The server
 * judges every value; the page only names what it alone can tell (no session time given).
 */
import { issueSorter, numberOrAsTyped, phoneAsSent } from './form-values.js';
import { isoToWallTime, wallTimeToIso } from './time.js';

/** The form's fields in their order on the page: control id, label, the body paths they show. */
export const FIELDS = [
  { id: 'clinic', label: 'Clinic', paths: ['clinicId'] },
  { id: 'clientRef', label: 'Client reference', paths: ['clientRef'] },
  { id: 'firstName', label: 'First name', paths: ['client.firstName'] },
  { id: 'phone', label: 'Mobile phone', paths: ['client.phone'] },
  { id: 'email', label: 'Email', paths: ['client.email'] },
  { id: 'timezone', label: "Client's time zone", paths: ['client.timezone'] },
  { id: 'region', label: "Client's region", paths: ['client.region'] },
  { id: 'locale', label: "Client's language", paths: ['client.locale'] },
  { id: 'sessionNumber', label: 'Session number', paths: ['session.number'] },
  { id: 'plannedSessions', label: 'Planned sessions', paths: ['session.plannedSessions'] },
  { id: 'performedAt', label: 'Session date and time', paths: ['session.performedAt'] },
  { id: 'consent', label: 'Consent', paths: ['client.consent'] },
];

/** An issue about a whole object is shown at its first field. */
const WHOLE = [
  ['client', 'firstName'],
  ['session', 'performedAt'],
];

export const labelOf = (id) => (FIELDS.find((f) => f.id === id) || {}).label || '';

const sorter = issueSorter(FIELDS, WHOLE);

/** The field that shows an issue at `path`, or null for the form's own alert. */
export const fieldFor = sorter.fieldFor;

/** The server's issues: by the field that shows them, and the rest as lines for the form's alert. */
export const groupIssues = sorter.group;

/**
 * The consent statements staff read to the client. The words ticked are sent with the enrolment
 * and stored with the time they were agreed to.
 */
export function consentTexts(clinicName) {
  const who = clinicName || 'the clinic';
  return {
    sms: `I agree to receive aftercare text messages from ${who} at the mobile number above for about a month after this session. Message and data rates may apply. Reply STOP to stop them.`,
    email: `I agree to receive aftercare emails from ${who} at the email address above for about a month after this session. I can ask the clinic to stop them at any time.`,
  };
}

/** The request body, and the issues only the page can name (then nothing is sent). */
export function enrollmentBody(values, { clinicId, clinicName, now = new Date() }) {
  const local = [];
  let performedAt;
  if (!values.performedAt) local.push({ path: 'session.performedAt', message: 'Enter the date and time the session ended.' });
  else {
    const resolved = wallTimeToIso(values.performedAt, values.timezone);
    if (resolved) performedAt = resolved.iso;
    else local.push({ path: 'session.performedAt', message: 'Enter a date and time, e.g. today at 15:00.' });
  }
  const texts = consentTexts(clinicName);
  const { sms, email: mail } = values.consent;
  const agreed = [sms ? texts.sms : null, mail ? texts.email : null].filter(Boolean);
  const phone = phoneAsSent(values.phone);
  const email = values.email.trim();
  const body = {
    clinicId: clinicId || undefined,
    clientRef: values.clientRef.trim(),
    client: {
      firstName: values.firstName.trim(),
      phone: phone || undefined,
      email: email || undefined,
      timezone: values.timezone,
      region: values.region || undefined,
      locale: values.locale || undefined,
      consent: { sms, email: mail, ...(agreed.length ? { text: agreed.join('\n'), at: now.toISOString() } : {}) },
    },
    session: {
      number: numberOrAsTyped(values.sessionNumber),
      performedAt,
      plannedSessions: numberOrAsTyped(values.plannedSessions),
    },
  };
  return { body, local };
}

/** The form's values for an enrolment body (the next session, prefilled by the server). */
export function valuesFromEnrollment(body) {
  const c = body.client || {};
  const zone = c.timezone;
  return {
    clientRef: body.clientRef || '',
    firstName: c.firstName || '',
    phone: c.phone || '',
    email: c.email || '',
    timezone: zone,
    region: c.region || '',
    locale: c.locale || '',
    sessionNumber: String(body.session.number),
    plannedSessions: String(body.session.plannedSessions),
    performedAt: isoToWallTime(body.session.performedAt, zone),
    consent: { sms: Boolean(c.consent && c.consent.sms), email: Boolean(c.consent && c.consent.email) },
  };
}
