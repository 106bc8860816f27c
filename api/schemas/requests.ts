/**
 * What the API accepts besides the enrollment body (app/enrollment-schema.ts): each route
 * validates with these, and the OpenAPI document is generated from the very same schemas. Unknown
 * fields are refused, naming each.
 */
import { CHANNELS } from '../../domain/channels';
import { z } from 'zod';
import { BOOKING_HORIZON_DAYS } from '../../domain/booking';
import { clinicSchema } from '../../domain/clinic-schema';
import { CLINIC_ID, CLINIC_ID_HINT, WORKFLOW_ID_EXAMPLE } from '../../domain/identifiers';
import { isoInstantSchema } from '../../domain/plan-input';
import { STEP_IDS } from '../../domain/steps';
import { clientEmailSchema, clientPhoneSchema } from '../../app/enrollment-schema';
import { consentSchema } from '../../app/consent';
import { reasonSchema } from '../../app/reason';

export const workflowIdParams = z.object({
  workflowId: z.string().meta({ description: 'aftercare-<clinicId>-<clientRef>-s<sessionNumber>', example: WORKFLOW_ID_EXAMPLE }),
});

export const listQuery = z.strictObject({
  clinicId: z
    .string({ message: 'must be given once' })
    .regex(CLINIC_ID, { message: CLINIC_ID_HINT })
    .meta({ description: 'Only this clinic.' })
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
    },
    { message: 'must be a JSON object: { "phone"?: "+1...", "email"?: "..." }' },
  )
  .refine((c) => c.phone !== undefined || c.email !== undefined, { message: 'give phone, email or both' })
  .meta({ id: 'ContactChange' });

export const consentBody = consentSchema.meta({ id: 'Consent' });

export const clinicIdParams = z.object({ clinicId: z.string().meta({ description: 'The clinic id.', example: 'northside' }) });

/** A new clinic: the very schema `addClinic` parses with (domain/clinic-schema.ts), named. */
export const clinicBody = clinicSchema.meta({ id: 'NewClinic', description: 'A clinic profile. Unknown fields are refused.' });

/**
 * A change to a clinic, for the document only: any field but the id, each nullable. What is
 * enforced is the whole schema above, on the profile the change is merged into (app/clinics.ts).
 */
export const clinicPatchBody = z
  .strictObject(Object.fromEntries(Object.entries(clinicSchema.shape).filter(([key]) => key !== 'id').map(([key, field]) => [key, field.nullable().optional()])))
  .meta({ id: 'ClinicChange', description: 'The fields to change (JSON Merge Patch); `null` removes an optional field or returns it to its default.' });
