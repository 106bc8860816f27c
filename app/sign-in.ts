/**
 * Signing in with an email and a password, and the sessions that follow (issue 14). A session is
 * a random token in an HttpOnly cookie; the database keeps its digest only, with the digest of its
 * CSRF token, for 12 hours. A wrong email and a wrong password fail alike, in similar time, and
 * repeated failures per email and per address wait (TooManyAttemptsError, a 429).
 */
import { z } from 'zod';
import type { AccessStores, Person, PersonWithSecret } from '../platform/people';
import { FailureThrottle, TooManyAttemptsError } from './failure-throttle';
import { PASSWORD_MAX, passwordMatches, spendLikeAVerify } from './passwords';
import { csrfTokenOf, newToken, sha256Hex } from './tokens';
import { parseWith } from './parse';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** Failed sign-ins allowed per email in 15 minutes: a guesser gets 10 tries, a person who mistypes gets plenty. */
const SIGN_IN_LIMIT_PER_EMAIL = { max: 10, windowMs: 15 * 60 * 1000 };
/** Per address, over every email: one machine trying many accounts. */
const SIGN_IN_LIMIT_PER_ADDRESS = { max: 30, windowMs: 15 * 60 * 1000 };

/** Who is signed in, as the page shows them. */
export interface Me {
  id: string;
  name: string;
  email: string;
  role: Person['role'];
  clinicId: string | null;
}

export const meOf = (p: Person): Me => ({ id: p.id, name: p.name, email: p.email, role: p.role, clinicId: p.clinicId });

/** The email or the password is wrong (the same failure either way). */
export class SignInFailedError extends Error {
  override name = 'SignInFailedError';
  constructor() {
    super('the email or the password is wrong');
  }
}

export interface SignInThrottles {
  byEmail: FailureThrottle;
  byAddress: FailureThrottle;
}

export const signInThrottles = (clock?: () => number): SignInThrottles => ({
  byEmail: new FailureThrottle(SIGN_IN_LIMIT_PER_EMAIL, clock),
  byAddress: new FailureThrottle(SIGN_IN_LIMIT_PER_ADDRESS, clock),
});

export interface SignInDeps {
  access: AccessStores;
  now: () => Date;
}

export const signInBody = z.strictObject({
  email: z.string({ message: 'must be a string' }).trim().min(1, { message: 'is required' }).max(320, { message: 'must be at most 320 characters' }),
  password: z.string({ message: 'must be a string' }).min(1, { message: 'is required' }).max(PASSWORD_MAX, { message: `must be at most ${PASSWORD_MAX} characters` }),
});

export interface StartedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function startSession(deps: SignInDeps, personId: string): Promise<StartedSession> {
  const token = newToken();
  const csrfToken = csrfTokenOf(token);
  const expiresAt = new Date(deps.now().getTime() + SESSION_LIFETIME_MS);
  await deps.access.sessions.create({ tokenDigest: sha256Hex(token), personId, csrfDigest: sha256Hex(csrfToken), expiresAt });
  return { token, csrfToken, expiresAt };
}

/** Checks the email and password; on success a new session for that person. */
export async function signIn(deps: SignInDeps, throttles: SignInThrottles, body: unknown, from: string): Promise<{ person: Me } & StartedSession> {
  const { email, password } = parseWith(signInBody, body);
  // In memory only: a plain digest of the email names the counter without keeping the address.
  const emailKey = sha256Hex(email.toLowerCase());
  const wait = throttles.byAddress.retryAfter(from) ?? throttles.byEmail.retryAfter(emailKey);
  if (wait !== undefined) throw new TooManyAttemptsError(wait);

  const person = await deps.access.people.findByEmail(email);
  let ok = false;
  if (person?.active && person.passwordHash) ok = await passwordMatches(person.passwordHash, password);
  else await spendLikeAVerify(password);
  if (!person || !ok) {
    throttles.byAddress.fail(from);
    throttles.byEmail.fail(emailKey);
    throw new SignInFailedError();
  }
  // Only the email's count: the address's is what stops one machine trying many accounts, and
  // signing in to one's own account must not wipe it.
  throttles.byEmail.clear(emailKey);
  return { person: meOf(person), ...(await startSession(deps, person.id)) };
}

export interface ActiveSession {
  person: PersonWithSecret;
  tokenDigest: string;
  csrfDigest: string;
}

/** The session of this token, when it has not expired and its person is still active. */
export async function sessionOf(deps: SignInDeps, token: string): Promise<ActiveSession | undefined> {
  const tokenDigest = sha256Hex(token);
  const session = await deps.access.sessions.find(tokenDigest, deps.now());
  if (!session) return undefined;
  const person = await deps.access.people.get(session.personId);
  if (!person?.active) return undefined;
  return { person, tokenDigest, csrfDigest: session.csrfDigest };
}

export async function signOut(deps: SignInDeps, tokenDigest: string): Promise<void> {
  await deps.access.sessions.end(tokenDigest);
}
