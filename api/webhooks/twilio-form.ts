/** What both Twilio webhooks share: their form parameters, their TwiML answers, their documentation. */
import twilio from 'twilio';
import { z } from 'zod';
import { BODY_LIMIT } from '../errors';
import { errorResponse, type RouteDoc } from '../openapi/route-doc';
import type { CachedAnswer } from '../idempotency';

/** URL-encoded form parameters, repeated keys as arrays (validateRequest signs every value). */
export type FormParams = Record<string, string | string[]>;

export function parseForm(text: string): FormParams {
  const out: FormParams = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function twiml(message?: string): string {
  const response = new twilio.twiml.MessagingResponse();
  if (message) response.message(message);
  return response.toString();
}

export const xml = (body: string, statusCode = 200): CachedAnswer => ({ statusCode, contentType: 'text/xml; charset=utf-8', body });

// --- documentation ------------------------------------------------------------------------------

export const twilioHeaders = z.object({
  'X-Twilio-Signature': z.string().meta({
    description: 'Base64 HMAC-SHA1 of PUBLIC_BASE_URL + path + query string + the sorted parameters, keyed with TWILIO_AUTH_TOKEN.',
  }),
  'I-Twilio-Idempotency-Token': z
    .string()
    .meta({ description: 'A retry carrying a token already answered gets the same answer and does nothing again.' })
    .optional(),
});

export const twilioResponses = (ok: string): RouteDoc['responses'] => ({
  200: {
    description: ok,
    content: { 'text/xml': { schema: z.string(), example: '<?xml version="1.0" encoding="UTF-8"?><Response/>' } },
  },
  403: errorResponse('Missing or wrong X-Twilio-Signature.'),
  413: errorResponse(`Body larger than ${BODY_LIMIT / 1024} KiB.`),
  415: errorResponse('Body is not form-encoded.'),
  503: errorResponse('PUBLIC_BASE_URL or TWILIO_AUTH_TOKEN not set, or Temporal unreachable (Twilio may retry).'),
});

export const formBody = (schema: z.ZodType) => ({ required: true, content: { 'application/x-www-form-urlencoded': { schema } } });
