/**
 * Passwords: the rule they must meet and their argon2id hashes (@node-rs/argon2). The parameters
 * are OWASP's first argon2id setting (19 MiB, 2 passes, 1 lane): about 30 ms here, slow enough for
 * a guesser with a stolen table, quick enough for a desk signing in.
 */
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { z } from 'zod';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

export const passwordSchema = z
  .string({ message: 'must be a string' })
  .min(PASSWORD_MIN, { message: `must be at least ${PASSWORD_MIN} characters` })
  .max(PASSWORD_MAX, { message: `must be at most ${PASSWORD_MAX} characters` });

// The package's Algorithm is a const enum, which single-file compilation cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;
const OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Checks `password` against a hash nobody can match: a sign-in for an unknown email (or one with no
 * password yet) takes as long as a wrong password, so the time does not tell which emails exist.
 */
export async function spendLikeAVerify(password: string): Promise<void> {
  dummy ??= hashPassword(`no-such-person-${Math.random()}`);
  await passwordMatches(await dummy, password);
}
