/**
 * Recording a consent the client gives after enrolment (a client who refused texts now asks for
 * them): the channel, the wording they agreed to and when, through the `grantConsent` update,
 * which turns the channel on. A START text cannot do this: it only takes back an opt-out.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { CHANNELS } from '../domain/channels';
import { isoInstantSchema } from '../domain/plan-input';
import { ISO_INSTANT_HINT } from '../domain/time';
import { grantConsentUpdate, type AftercareStatus, type ConsentGrant } from '../workflows/contract';
import { consentTextSchema } from './enrollment-schema';
import { InvalidInputError } from './errors';
import { callRun } from './run-call';
import { fieldIssuesOf } from './zod-issues';

/** A consent as the API's body and the CLI's flags give it; the workflow checks the rest (times, contact details). */
export const consentSchema = z.strictObject(
  {
    channel: z.enum(CHANNELS, { message: `must be ${CHANNELS.join(' or ')}` }).meta({ description: 'The channel the client now agrees to.' }),
    text: consentTextSchema.meta({ description: 'The consent wording the client agreed to, as they saw or heard it.' }),
    at: z
      .string({ message: ISO_INSTANT_HINT })
      .pipe(isoInstantSchema)
      .meta({ format: 'date-time', description: 'When the client agreed (ISO-8601 with offset): since the session, not in the future. Default: now.' })
      .optional(),
  },
  { message: 'must be a JSON object: { "channel": "sms" | "email", "text": "<the wording>", "at"?: "<ISO-8601 with offset>" }' },
);

/** Parses a consent from outside (a body, flags), or throws InvalidInputError naming each field; `at` is `now` unless given. */
export function parseConsent(raw: unknown, now: Date): ConsentGrant {
  const parsed = consentSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(fieldIssuesOf(parsed.error));
  const { channel, text, at } = parsed.data;
  return { channel, text, at: at ?? now.toISOString() };
}

/** The updated status; InvalidInputError (the field at fault), RunEndedError or NotFoundError when refused. */
export async function grantConsent(req: { client: Client; workflowId: string; consent: ConsentGrant }): Promise<AftercareStatus> {
  return callRun(req.client, req.workflowId, (run) => run.executeUpdate(grantConsentUpdate, { args: [req.consent] }));
}
