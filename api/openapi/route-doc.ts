/**
 * How a route module describes its routes for the OpenAPI document (api/openapi/document.ts), next
 * to the handlers and with the same zod schemas they validate with.
 */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { z } from 'zod';
import { BODY_LIMIT } from '../errors';
import { errorSchema } from '../schemas/responses';

export type RouteDoc = RouteConfig;
type Responses = RouteConfig['responses'];

export const json = (schema: z.ZodType, example?: unknown) => ({ 'application/json': { schema, ...(example !== undefined ? { example } : {}) } });

export const errorResponse = (description: string) => ({ description, content: json(errorSchema) });

/** What any `/api` route may answer besides its own statuses. */
export const COMMON: Responses = {
  401: errorResponse('No or a wrong API key, or no sign-in session (WWW-Authenticate: Bearer).'),
  429: errorResponse('Too many requests by this person or key, or too many wrong keys from this address (Retry-After says when to try again).'),
  500: errorResponse('Unexpected server error: a generic message and the request id, never a stack trace.'),
  503: errorResponse('Temporal is unreachable or did not answer in time.'),
};

/** What a route with a JSON body may answer besides. */
export const WITH_BODY: Responses = {
  400: errorResponse('Invalid body: issues name each field; nothing was started or changed.'),
  413: errorResponse(`Body larger than ${BODY_LIMIT / 1024} KiB.`),
  415: errorResponse('Body is not application/json.'),
};

export const NO_SUCH_WORKFLOW: Responses = { 404: errorResponse('No such workflow.') };
export const ENDED: Responses = { 409: errorResponse('The plan has ended (cancelled, superseded, completed); nothing was changed.') };
