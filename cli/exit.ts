/**
 * How a failed command ends: one line on stderr and an exit code, decided by the error's class.
 * 2: the user can fix it (bad arguments, invalid input, a refusal); 1: anything else (the server
 * is unreachable, no such workflow, a runtime failure).
 */
import {
  AlreadyEnrolledError,
  ClinicExistsError,
  ForbiddenError,
  InvalidInputError,
  NotConfiguredError,
  LastOwnerError,
  NoNextSessionError,
  NotFoundError,
  PersonExistsError,
  RunEndedError,
  UnknownClientError,
  UnknownClinicError,
  UnknownRecordError,
  UnreachableError,
} from '../app/errors';
import { flagFor, UsageError } from './kit';

export function failure(err: unknown, flags: Record<string, string> = {}): { code: 1 | 2; message: string } {
  if (err instanceof UsageError) return { code: 2, message: err.message };
  if (err instanceof InvalidInputError) {
    const [first, ...rest] = err.issues;
    const more = rest.length ? ` (and ${rest.length} more: ${rest.map((i) => flagFor(i.path, flags)).join(', ')})` : '';
    return { code: 2, message: first ? `${flagFor(first.path, flags)}: ${first.message}${more}` : err.message };
  }
  if (err instanceof UnknownClinicError) return { code: 2, message: `clinicId: unknown clinic "${err.clinicId}" (see \`aftercare clinic list\`)` };
  if (err instanceof ClinicExistsError) return { code: 2, message: `id: clinic "${err.clinicId}" exists already (change it with \`aftercare clinic edit ${err.clinicId} --file <changes.json>\`)` };
  if (err instanceof AlreadyEnrolledError) return { code: 2, message: `${err.message} (use \`aftercare status ${err.workflowId}\`)` };
  if (err instanceof RunEndedError) return { code: 2, message: err.message };
  if (err instanceof UnknownRecordError) return { code: 2, message: `${err.field}: ${err.message}` };
  if (err instanceof PersonExistsError) return { code: 2, message: `email: ${err.message}` };
  if (err instanceof LastOwnerError || err instanceof ForbiddenError) return { code: 2, message: err.message };
  // A setting the user can give (PHONE_HASH_KEY), as `phone-hash` asks for it.
  if (err instanceof NotConfiguredError) return { code: 2, message: err.message };
  if (err instanceof UnknownClientError) return { code: 1, message: err.message };
  if (err instanceof NoNextSessionError) return { code: 2, message: err.message };
  if (err instanceof NotFoundError || err instanceof UnreachableError) return { code: 1, message: err.message };
  return { code: 1, message: (err as Error)?.message ?? String(err) };
}
