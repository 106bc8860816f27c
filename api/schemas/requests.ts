/**
 * What the API accepts besides the enrollment body (app/enrollment-schema.ts): each route
 * validates with these, and the OpenAPI document is generated from the very same schemas. Unknown
 * fields are refused, naming each.
 */
import { CHANNELS } from '../../domain/channels';
import { z } from 'zod';
import { BOOKING_HORIZON_DAYS } from '../../domain/booking';
import { clinicSchema } from '../../domain/clinic-schema';
import { CLIENT_REF, CLIENT_REF_HINT, CLINIC_ID, CLINIC_ID_HINT, WORKFLOW_ID_EXAMPLE } from '../../domain/identifiers';
import { isoInstantSchema, timezoneSchema } from '../../domain/plan-input';
import { STEP_IDS } from '../../domain/steps';
import { clientEmailSchema, clientPhoneSchema } from '../../app/enrollment-schema';
import { channelSwitchSchema } from '../../app/channels';
import { CONCERN_NOTE_MAX, concernNoteSchema } from '../../app/concern';
import { consentSchema } from '../../app/consent';
import { previewSchema } from '../../app/preview';
import { reasonSchema } from '../../app/reason';
import { CONTACT_CHANGE_HINT } from '../../workflows/update-validators';

export const workflowIdParams = z.object({
  workflowId: z.string().meta({ description: 'aftercare-<clinicId>~<clientRef>-s<sessionNumber> (sessions enrolled before the clinic and client parts were kept apart: aftercare-<clinicId>-<clientRef>-s<sessionNumber>)', example: WORKFLOW_ID_EXAMPLE }),
});

export const listQuery = z.strictObject({
  clinicId: z
    .string({ message: 'must be given once' })
    .regex(CLINIC_ID, { message: CLINIC_ID_HINT })
    .meta({ description: 'Only this clinic.' })
    .optional(),
  clientRef: z
    .string({ message: 'must be given once' })
    .regex(CLIENT_REF, { message: CLIENT_REF_HINT })
    .meta({ description: "Only this client reference (exact match)." })
    .optional(),
  phone: z
    .string({ message: 'must be given once' })
    .min(1, { message: 'must not be empty' })
    .max(40, { message: 'must be at most 40 characters' })
    .meta({
      description:
        "Only this client's phone: E.164, or national in the country of clinicId's phone. Matched through the PhoneHash search attribute (needs PHONE_HASH_KEY: 503 without).",
      example: '+12125554477',
    })
    .optional(),
});

export const bookingBody = z
  .strictObject(
    {
      appointmentAt: z
        .string({ message: 'is required: an ISO-8601 date and time with an offset' })
        .pipe(isoInstantSchema)
        .meta({ format: 'date-time', description: `ISO-8601 with offset; in the future, after this session, and at most ${BOOKING_HORIZON_DAYS} days ahead.` }),
    },
    { message: 'must be a JSON object: { "appointmentAt": "<ISO-8601 with offset>" }' },
  )
  .meta({ id: 'Booking' });

/** A body holding only an optional reason (cancel, pause, resume); no body at all is fine too. */
const reasonOnly = (id: string) =>
  z.strictObject({ reason: reasonSchema.optional() }, { message: 'must be a JSON object: { "reason": "..." } (or no body)' }).optional().meta({ id });

export const cancelBody = reasonOnly('Cancel');
export const pauseBody = reasonOnly('Pause');
export const resumeBody = reasonOnly('Resume');
export const touchUpStopBody = reasonOnly('TouchUpStop');

export const resendBody = z
  .strictObject(
    {
      step: z.enum(STEP_IDS, { message: `must be one of ${STEP_IDS.join(', ')}` }).meta({ description: 'A client step that has gone out already.' }),
      channel: z.enum(CHANNELS, { message: `must be ${CHANNELS.join(' or ')}` }).meta({ description: 'Default: every channel still active.' }).optional(),
      reason: reasonSchema.optional(),
    },
    { message: 'must be a JSON object: { "step": "<step id>", "channel"?: "sms" | "email", "reason"?: "..." }' },
  )
  .meta({ id: 'Resend' });

export const contactBody = z
  .strictObject(
    {
      phone: clientPhoneSchema.meta({ description: 'The new number (E.164); inbound STOP from it then finds the client.' }).optional(),
      email: clientEmailSchema.meta({ description: 'The new address.' }).optional(),
      timezone: timezoneSchema.meta({ description: "The client's new IANA zone: the steps still to come keep their days, at the clinic's send time there." }).optional(),
    },
    { message: 'must be a JSON object: { "phone"?: "+1...", "email"?: "...", "timezone"?: "<IANA zone>" }' },
  )
  .refine((c) => c.phone !== undefined || c.email !== undefined || c.timezone !== undefined, { message: CONTACT_CHANGE_HINT })
  .meta({ id: 'ContactChange' });

export const consentBody = consentSchema.meta({ id: 'Consent' });

export const channelBody = channelSwitchSchema.meta({ id: 'ChannelSwitch' });

/** Marking a concern handled: an optional note (kept out of the audit log's text); no body at all is fine too. */
export const concernHandledBody = z
  .strictObject(
    { note: concernNoteSchema.meta({ description: `What staff did (at most ${CONCERN_NOTE_MAX} characters). The audit log records only that a note was given.` }).optional() },
    { message: 'must be a JSON object: { "note": "..." } (or no body)' },
  )
  .optional()
  .meta({ id: 'ConcernHandled' });

/** A clinic held or released: an optional reason, as for one session. */
export const clinicPauseBody = reasonOnly('ClinicPause');
export const clinicResumeBody = reasonOnly('ClinicResume');

export const previewBody = previewSchema.meta({ id: 'PreviewRequest', description: 'Nothing is started: the plan a session would get, with what each step says.' });

export const clinicIdParams = z.object({ clinicId: z.string().meta({ description: 'The clinic id.', example: 'northside' }) });

/** A client of a clinic: `/api/clinics/:clinicId/clients/:clientRef/...`. */
export const clientParams = clinicIdParams.extend({
  clientRef: z.string().meta({ description: "The clinic's own reference for the client.", example: 'C1042' }),
});

/** A new clinic: the very schema `addClinic` parses with (domain/clinic-schema.ts), named. */
export const clinicBody = clinicSchema.meta({ id: 'NewClinic', description: 'A clinic profile. Unknown fields are refused.' });

/**
 * A change to a clinic, for the document only: any field but the id, each nullable. What is
 * enforced is the whole schema above, on the profile the change is merged into (app/clinics.ts).
 */
export const clinicPatchBody = z
  .strictObject(Object.fromEntries(Object.entries(clinicSchema.shape).filter(([key]) => key !== 'id').map(([key, field]) => [key, field.nullable().optional()])))
  .meta({ id: 'ClinicChange', description: 'The fields to change (JSON Merge Patch); `null` removes an optional field or returns it to its default.' });
