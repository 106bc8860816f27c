/**
 * The token a Twilio webhook is signed with. Twilio signs with the auth token of the account that
 * owns the number (or sent the text), so a clinic on a sub-account of its own (`sms.accountSid`,
 * its token in the environment variable `sms.authTokenEnv`, as the worker reads it) has its
 * inbound texts and status callbacks signed with that token, not the platform's.
 */
import type { ClinicDirectory } from '../../domain/clinic';
import { ACCOUNT_SID } from '../../domain/clinic-schema';

export type AccountToken =
  | { token: string; clinicId: string }
  /** A clinic's sub-account whose token variable is unset: the request cannot be checked. */
  | { missing: string }
  /** Not a clinic's sub-account: the platform's token applies. */
  | undefined;

export async function subAccountToken(
  clinics: Pick<ClinicDirectory, 'list'>,
  accountSid: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<AccountToken> {
  // Only a well-formed SID is looked up: the request is not authenticated yet.
  if (!accountSid || !ACCOUNT_SID.test(accountSid)) return undefined;
  const owner = (await clinics.list()).find((c) => c.sms.accountSid === accountSid && c.sms.authTokenEnv);
  if (!owner) return undefined;
  const variable = owner.sms.authTokenEnv!;
  const token = env[variable]?.trim();
  return token ? { token, clinicId: owner.id } : { missing: variable };
}
