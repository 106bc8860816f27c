/**
 * Choosing a password through an emailed link: a forgotten password (POST /api/password-reset,
 * then /complete) and an accepted invitation. Asking for a reset says nothing about whether the
 * email has an account; a reset ends every session the person had.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Mailer } from '../activities/email/port';
import type { AccessStores } from '../platform/people';
import { InvalidInputError } from './errors';
import type { FailureThrottle } from './failure-throttle';
import { createPersonLink, LINK_LIFETIME_MS, personLinkUrl } from './person-links';
import { hashPassword, passwordSchema } from './passwords';
import { meOf, startSession, type Me, type SignInDeps, type StartedSession } from './sign-in';
import { sha256Hex } from './tokens';
import { parseWith } from './parse';

export const resetRequestBody = z.strictObject({
  email: z.string({ message: 'must be a string' }).trim().min(1, { message: 'is required' }).max(320, { message: 'must be at most 320 characters' }),
});

export const linkPasswordBody = z.strictObject({
  token: z.string({ message: 'must be a string' }).min(1, { message: 'is required' }).max(200, { message: 'is not a link token' }),
  password: passwordSchema,
});

const LINK_REFUSED = (what: string) => new InvalidInputError([{ path: 'token', message: `this ${what} link has expired, was used already, or is not one` }]);

export function resetEmail(url: string): { subject: string; text: string } {
  const minutes = LINK_LIFETIME_MS['password-reset'] / 60_000;
  return {
    subject: 'Choose a new Aftercare password',
    text: [
      'Someone (we hope you) asked to reset the password of your Aftercare front desk account.',
      '',
      `Open this link within ${minutes} minutes to choose a new one:`,
      url,
      '',
      'The link works once. Choosing a new password signs you out everywhere else.',
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ].join('\n'),
  };
}

/** Reset emails per address in an hour: enough for a person who lost one, too few to flood an inbox. */
export const RESET_MAILS_PER_EMAIL = { max: 3, windowMs: 60 * 60 * 1000 };

export interface ResetDeps extends SignInDeps {
  mailer: Mailer;
  /** Where the page is: PUBLIC_BASE_URL, or http://localhost:PORT. */
  pageUrl: string;
  /** Counts the reset emails per person (RESET_MAILS_PER_EMAIL); beyond, none is sent. */
  mailsSent: FailureThrottle;
}

/**
 * Parses the request, then (in the background, so the answer takes the same time whether the
 * email has an account or not) sends the link to an active person, at most RESET_MAILS_PER_EMAIL
 * an hour. The promise it returns settles when the email has gone or was not needed; callers do
 * not wait for it.
 */
export function requestPasswordReset(deps: ResetDeps, body: unknown): { sent: Promise<'sent' | 'no-account' | 'too-many'> } {
  const { email } = parseWith(resetRequestBody, body);
  const sent = (async () => {
    const person = await deps.access.people.findByEmail(email);
    if (!person?.active) return 'no-account' as const;
    if (deps.mailsSent.retryAfter(person.id) !== undefined) return 'too-many' as const;
    deps.mailsSent.fail(person.id);
    const token = await createPersonLink(deps.access, person.id, 'password-reset', deps.now());
    await deps.mailer.send({ to: person.email, ...resetEmail(personLinkUrl(deps.pageUrl, 'password-reset', token)), messageId: `<reset-${randomUUID()}@aftercare>` });
    return 'sent' as const;
  })();
  return { sent };
}

async function setPasswordByLink(access: AccessStores, now: Date, body: unknown, purpose: 'password-reset' | 'invitation'): Promise<string> {
  const { token, password } = parseWith(linkPasswordBody, body);
  const what = purpose === 'invitation' ? 'invitation' : 'reset';
  const personId = await access.links.use(sha256Hex(token), purpose, now);
  if (!personId) throw LINK_REFUSED(what);
  const person = await access.people.get(personId);
  if (!person?.active) throw LINK_REFUSED(what);
  await access.people.update(personId, { passwordHash: await hashPassword(password) });
  return personId;
}

/** Sets the new password and ends every session the person had; their id, for the audit log. */
export async function completePasswordReset(deps: SignInDeps, body: unknown): Promise<{ personId: string; clinicId: string | null }> {
  const personId = await setPasswordByLink(deps.access, deps.now(), body, 'password-reset');
  await deps.access.sessions.endAllOf(personId);
  const person = await deps.access.people.get(personId);
  return { personId, clinicId: person?.clinicId ?? null };
}

/** An invited person chooses their password and is signed in. */
export async function acceptInvitation(deps: SignInDeps, body: unknown): Promise<{ person: Me } & StartedSession> {
  const personId = await setPasswordByLink(deps.access, deps.now(), body, 'invitation');
  const person = await deps.access.people.get(personId);
  return { person: meOf(person!), ...(await startSession(deps, personId)) };
}
