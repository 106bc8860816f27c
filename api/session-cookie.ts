/**
 * The sign-in session's cookie: `aftercare_session`, HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), Path=/, Secure when the page is served over https. Read and
 * written here by hand: one cookie needs no parser library.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Person } from '../platform/people';

export const SESSION_COOKIE = 'aftercare_session';
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

declare module 'fastify' {
  interface FastifyRequest {
    /** The sign-in session the request came with (cookie callers only): its digest, and its person as read to let it in. */
    signInSession?: { tokenDigest: string; person: Person };
  }
}

/** The session token the request carries, when it carries one that could be a token. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return TOKEN.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean): void {
  const maxAge = Math.max(0, Math.floor(maxAgeSeconds));
  reply.header('set-cookie', `${SESSION_COOKIE}=${token}; Max-Age=${maxAge}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`);
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', `${SESSION_COOKIE}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`);
}
