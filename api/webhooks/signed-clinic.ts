/**
 * The clinic a webhook request was signed for, when it was signed with a clinic's own sub-account
 * token (./account-token.ts): such a request speaks for that clinic only, so its lookups are kept
 * to that clinic's runs. Whoever holds one clinic's token must not reach another clinic's clients.
 */
import type { FastifyRequest } from 'fastify';

const signedFor = new WeakMap<FastifyRequest, string>();

export function markSignedFor(request: FastifyRequest, clinicId: string): void {
  signedFor.set(request, clinicId);
}

/** The clinic whose sub-account signed the request; undefined when the platform's token did. */
export function signedClinicOf(request: FastifyRequest): string | undefined {
  return signedFor.get(request);
}
