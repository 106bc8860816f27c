/**
 * The first administrator: without one, nobody could sign in to make owners and staff. `npm start`
 * (and `aftercare admin create`) make one with a random password, shown once to whoever started
 * the server and never written to a log; it can be changed through "Forgot password".
 */
import { randomBytes } from 'node:crypto';
import { PersonExistsError, type PeopleStore, type Person } from '../platform/people';
import { hashPassword } from './passwords';

const FIRST_ADMIN_NAME = 'Administrator';

/** 18 random bytes: 24 base64url characters, above the password rule's minimum. */
const oneTimePassword = (): string => randomBytes(18).toString('base64url');

/** The email is someone's already (an administrator, an inactive one, or a clinic's person). */
export class AdminEmailTakenError extends Error {
  override name = 'AdminEmailTakenError';
  constructor() {
    super('this email belongs to an existing account (for npm start: set ADMIN_EMAIL to another address)');
  }
}

export async function createAdmin(people: PeopleStore, email: string, name: string = FIRST_ADMIN_NAME): Promise<{ person: Person; password: string }> {
  const password = oneTimePassword();
  try {
    const person = await people.add({ email, name, role: 'admin', clinicId: null, passwordHash: await hashPassword(password) });
    return { person, password };
  } catch (err) {
    if (err instanceof PersonExistsError) throw new AdminEmailTakenError();
    throw err;
  }
}

/** Makes an administrator when there is no active one; its email and one-time password, or undefined. */
export async function ensureFirstAdmin(people: PeopleStore, email: string): Promise<{ email: string; password: string } | undefined> {
  if (await people.anyAdmin()) return undefined;
  const { password } = await createAdmin(people, email);
  return { email, password };
}

/** What the start-up banner says about signing in, with the password when one was just made. */
export function firstAdminLines(made: { email: string; password: string } | undefined, pageUrl: string): string[] {
  if (!made) return [`  Sign in       ${pageUrl} (forgot a password? "Forgot password" on the sign-in page emails a link)`];
  return [
    `  Sign in       ${pageUrl} as ${made.email} with the password ${made.password}`,
    '                (shown this once and never logged: sign in and keep it, or use "Forgot password" to choose another)',
  ];
}
