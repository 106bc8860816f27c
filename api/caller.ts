/**
 * The caller of an `/api` request, as the auth plugin (api/plugins/auth.ts) established it. Routes
 * read it here and hand it to the app operations, which decide what it may see (app/caller.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../app/caller';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin on every `/api` request it lets through. */
    caller?: Caller;
  }
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`no caller on ${request.method} ${request.routeOptions.url ?? request.url}: the auth plugin must run first`);
  return request.caller;
}
