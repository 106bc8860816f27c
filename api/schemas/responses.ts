/**
 * What the API answers, as zod schemas for the OpenAPI document. Each is checked against the
 * TypeScript type the handler returns (`satisfies`), so the document cannot describe another shape.
 */
import { CHANNELS } from '../../domain/channels';
import { z } from 'zod';
import { WORKFLOW_ID_EXAMPLE } from '../../domain/identifiers';
import type { PlannedStep } from '../../domain/plan-types';
import { STEP_IDS } from '../../domain/steps';
import { LANGUAGES } from '../../domain/i18n';
import type { Cancelled } from '../../app/cancel';
import type { ClinicView } from '../../app/clinics';
import type { EnrollmentResult } from '../../app/enroll';
import type { ListRow } from '../../app/list';
import type { ClinicHoldResult } from '../../app/hold';
import type { Preview } from '../../app/preview';
import type { TouchUpView } from '../../app/touch-ups';
import { URGENT_REPLY } from '../../domain/urgent';
import { CALENDAR_UPDATE } from '../../domain/calendar/update-id';
import { CHANNEL_STATES, type AftercareStatus, type Concern, type ConsentRecord } from '../../workflows/contract';

const dateTime = (description?: string) => z.string().meta({ format: 'date-time', ...(description ? { description } : {}) });
const stepId = z.enum(STEP_IDS);
const recipient = z.enum(['client', 'clinic']);

export const issueSchema = z.object({ path: z.string().meta({ example: 'client.phone' }), message: z.string() }).meta({ id: 'Issue' });

export const errorSchema = z
  .object({
    error: z.string().meta({
      description:
        'A stable word: invalid_request, unauthorized, not_found, already_enrolled, clinic_exists, workflow_closed, payload_too_large, unsupported_media_type, rate_limited, temporal_unavailable, not_configured, forbidden, person_exists, last_owner, invitation_not_sent, internal_error.',
    }),
    message: z.string().meta({ description: 'For people.' }),
    requestId: z.string().meta({ description: 'Also in the x-request-id header; quote it when reporting a problem.' }).optional(),
    issues: z.array(issueSchema).optional(),
    workflowId: z.string().optional(),
  })
  .meta({ id: 'Error' });

export const plannedStepSchema = z
  .object({
    step: stepId,
    day: z.number().int(),
    to: recipient,
    sendAt: dateTime('UTC instant.'),
    local: z.string().meta({ description: "The same instant in the client's zone, with offset." }),
  })
  .meta({ id: 'PlannedStep' }) satisfies z.ZodType<PlannedStep>;

export const enrollmentResultSchema = z
  .object({
    workflowId: z.string().meta({ example: WORKFLOW_ID_EXAMPLE }),
    plan: z.array(plannedStepSchema),
    region: z.string().optional().meta({ description: "The client's region for the quiet-hours law: as given, or from the phone's (else the clinic's) country. docs/compliance.md." }),
    locale: z.enum(LANGUAGES).optional().meta({ description: "The language of the client's texts and emails: client.locale's language, else the clinic's defaultLocale." }),
  })
  .meta({ id: 'EnrollmentResult' }) satisfies z.ZodType<EnrollmentResult>;

const channelState = z.enum(CHANNEL_STATES).meta({
  description: "none: no consent or no contact detail; opted-out: the client's STOP; failed: refused for good by the provider; off: switched off by staff.",
});

export const sentRecordSchema = z
  .object({
    id: z.enum([...STEP_IDS, URGENT_REPLY, CALENDAR_UPDATE]).meta({
      description: `A step, ${URGENT_REPLY}: what the run sent about an urgent reply (the clinic's alerts, the client's answer), or ${CALENDAR_UPDATE}: the client's updated calendar after a booking change.`,
    }),
    channel: z.enum([...CHANNELS, 'clinic-email', 'clinic-sms']).meta({ description: "clinic-sms: an urgent alert texted to the clinic's on-call phone." }),
    at: dateTime(),
    status: z.enum(['sent', 'delivered', 'undelivered', 'failed', 'skipped']),
    detail: z.string().optional(),
  })
  .meta({ id: 'SentRecord' });

export const consentRecordSchema = z
  .object({
    channel: z.enum(CHANNELS),
    text: z.string().meta({ description: 'The wording the client agreed to.' }),
    at: dateTime('When the client agreed.'),
    recordedAt: dateTime('When the run recorded it.'),
  })
  .meta({ id: 'ConsentRecord' }) satisfies z.ZodType<ConsentRecord>;

export const concernSchema = z
  .object({
    openedAt: dateTime('When the first urgent reply of the concern arrived.'),
    messageSids: z.array(z.string()).meta({ description: "The client's texts that raised it (Twilio message SIDs), oldest first." }),
    matched: z.array(z.string()).meta({ description: 'The words that made them urgent.' }),
  })
  .meta({ id: 'Concern' }) satisfies z.ZodType<Concern>;

export const statusSchema = z
  .object({
    phase: z.enum([...STEP_IDS, 'enrolled', 'completed', 'superseded', 'cancelled']).meta({ description: 'A step id, or enrolled/completed/superseded/cancelled.' }),
    sessionNumber: z.number().int(),
    nextStep: z.object({ id: stepId, sendAt: dateTime() }).nullable(),
    sent: z.array(sentRecordSchema),
    booking: z.object({ status: z.enum(['not-needed', 'awaiting', 'booked']), appointmentAt: dateTime().nullable() }),
    channels: z.object({ sms: channelState, email: channelState }),
    plan: z.array(plannedStepSchema),
    timezone: z.string(),
    clinicId: z.string(),
    clientRef: z.string(),
    paused: z.object({ reason: z.string(), since: dateTime() }).nullable().meta({ description: 'Set while messages are held (pause).' }).optional(),
    consents: z.array(consentRecordSchema).meta({ description: 'Consents given after enrolment (POST .../consent), oldest first.' }).optional(),
    concern: concernSchema.nullable().meta({ description: 'An urgent concern open until staff mark it handled (POST .../concern/handled); null when none is.' }).optional(),
    session: z.object({ performedAt: dateTime(), plannedSessions: z.number().int() }).meta({ description: 'When the session was, and how many sessions the course plans.' }).optional(),
    locale: z.enum(LANGUAGES).meta({ description: "The language of the client's texts and emails (chosen at enrolment; en for a plan enrolled before languages)." }).optional(),
    calendarSequence: z.number().int().optional().meta({ description: "The version (SEQUENCE) of the session's calendar: the booking changes so far." }),
    calendarUrl: z.string().optional().meta({ description: "GET /api/enrollments/{workflowId} only: the session's signed calendar address (.ics), when the server has PUBLIC_BASE_URL and PHONE_HASH_KEY." }),
  })
  .meta({ id: 'Status', description: "The workflow's `status` query." }) satisfies z.ZodType<AftercareStatus>;

export const listRowSchema = z
  .object({
    workflowId: z.string(),
    clinicId: z.string().nullable(),
    clientRef: z.string().nullable(),
    sessionNumber: z.number().int().nullable(),
    phase: z.string().nullable(),
    nextStepAt: dateTime().nullable(),
    bookingStatus: z.string().nullable(),
    deliveryProblem: z.string().nullable().meta({ description: "'none', or what stops delivery." }),
    concern: z.enum(['open', 'none']).meta({ description: "'open' while an urgent reply waits for staff to mark it handled." }),
  })
  .meta({ id: 'ListRow' }) satisfies z.ZodType<ListRow>;

export const cancelledSchema = z
  .object({ workflowId: z.string(), cancelled: z.literal(true), reason: z.string() })
  .meta({ id: 'Cancelled' }) satisfies z.ZodType<Cancelled>;

export const heldSchema = (kind: 'paused' | 'resumed') =>
  z.object({ workflowId: z.string(), [kind]: z.literal(true), reason: z.string() }).meta({ id: kind === 'paused' ? 'Paused' : 'Resumed' });

const smsSenderView = z
  .object({
    from: z.string().meta({ description: 'The Twilio number (E.164) or alphanumeric sender ID the texts come from.' }).optional(),
    messagingServiceSid: z.string().meta({ description: 'A Twilio Messaging Service, instead of from.' }).optional(),
    accountSid: z.string().meta({ description: 'A Twilio sub-account of its own.' }).optional(),
    authTokenEnv: z.string().meta({ description: "The environment variable holding that account's auth token (the token is never stored)." }).optional(),
    ratePerSecond: z.number().meta({ description: "The sender's text rate; this clinic's texts never go faster." }),
  })
  .meta({ id: 'ClinicSmsSender', description: "Neither from nor messagingServiceSid: the platform's default sender." });

export const clinicViewSchema = z
  .object({
    id: z.string().meta({ example: 'northside' }),
    name: z.string(),
    phone: z.string(),
    email: z.string(),
    bookingUrl: z.string().meta({ format: 'uri' }),
    sendTime: z.string().meta({ example: '10:00', description: "Local send time of each step, in the client's zone." }),
    window: z.string().meta({ example: '09:00-20:00', description: 'Sending window, client local time.' }),
    plannedSessions: z.number().int(),
    onCallPhone: z.string().meta({ description: 'For urgent alerts; the clinic phone when unset.' }).optional(),
    defaultLocale: z.string().meta({ example: 'en', description: "BCP 47 language of clients' messages unless they choose one." }),
    reviewUrl: z.string().meta({ format: 'uri' }).optional(),
    photoCheckIns: z.boolean(),
    touchUpIntervalMonths: z.number().int(),
    sms: smsSenderView,
    emailFrom: z.string().meta({ description: "EMAIL_FROM when unset." }).optional(),
    replyTo: z.string().optional(),
    active: z.boolean().meta({ description: 'A deactivated clinic takes no new enrolments; its running plans carry on.' }),
    createdAt: dateTime(),
    updatedAt: dateTime(),
  })
  .meta({ id: 'Clinic' }) satisfies z.ZodType<ClinicView>;

export const stepSchema = z
  .object({ id: stepId, day: z.number().int().nullable(), to: recipient, label: z.string().meta({ description: 'What every screen calls it.' }) })
  .meta({ id: 'Step' });

export const languageSchema = z
  .object({ code: z.enum(LANGUAGES).meta({ description: 'The value of client.locale (a regional tag such as es-MX is also taken).' }), name: z.string().meta({ description: 'The language named in itself.' }) })
  .meta({ id: 'Language' });

const clinicHeld = { clinicId: z.string(), workflowIds: z.array(z.string()).meta({ description: 'The running sessions signalled.' }), reason: z.string() };
export const clinicPausedSchema = z.object({ ...clinicHeld, paused: z.literal(true) }).meta({ id: 'ClinicPaused' }) satisfies z.ZodType<ClinicHoldResult>;
export const clinicResumedSchema = z.object({ ...clinicHeld, resumed: z.literal(true) }).meta({ id: 'ClinicResumed' }) satisfies z.ZodType<ClinicHoldResult>;

const emailText = z.object({ subject: z.string(), text: z.string() });

export const previewResultSchema = z
  .object({
    clinicId: z.string(),
    timezone: z.string().meta({ description: "The client's zone the times are in." }),
    sessionNumber: z.number().int(),
    plannedSessions: z.number().int(),
    sendTime: z.string().meta({ description: "The clinic's send time, moved inside the window when the law narrowed it." }),
    window: z.object({ start: z.string(), end: z.string() }).meta({ description: "The clinic's window narrowed to the hours the law allows in `region` (docs/compliance.md)." }),
    region: z.string().nullable().meta({ description: "The client's region for the quiet-hours law: as given, else the phone's or the clinic's country." }),
    locale: z.enum(LANGUAGES).meta({ description: "The language of the client's messages: client.locale's, else the clinic's defaultLocale." }),
    clinicWindow: z.object({ start: z.string(), end: z.string() }).optional().meta({ description: "The clinic's own window, present when the law narrowed it." }),
    steps: z.array(
      plannedStepSchema.extend({
        label: z.string(),
        message: z.union([
          z.object({ sms: z.string(), email: emailText.extend({ html: z.string() }) }).meta({ description: "A client step: the text and the email." }),
          z.object({ clinicEmail: emailText }).meta({ description: "A clinic step: the email to the clinic." }),
        ]),
      }),
    ),
  })
  .meta({ id: 'Preview' }) satisfies z.ZodType<Preview>;

export const touchUpViewSchema = z
  .object({
    workflowId: z.string().meta({ example: 'touchup-northside~C1042' }),
    state: z.enum(['waiting', 'stopped', 'ended']).meta({ description: 'waiting: the next reminder is timed; stopped: by staff or a new course; ended: no channel can reach the client.' }),
    intervalMonths: z.number().int().meta({ description: "The clinic's touch-up interval as last read (it is read again before each reminder)." }),
    nextReminderAt: dateTime('While waiting: when the next reminder goes.').optional(),
    remindersSent: z.number().int(),
    stoppedBy: z.enum(['staff', 'new-course']).optional(),
  })
  .meta({ id: 'TouchUpView' }) satisfies z.ZodType<TouchUpView>;
