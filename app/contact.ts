/**
 * Changing a client's phone, email or time zone: the `updateContact` update (a new zone replans
 * the steps still to come). A new phone goes with its
 * PhoneHash, computed here, so that an inbound STOP from the new number finds the client. The
 * workflow refuses a phone without its hash, so without the key a phone cannot be changed. A new
 * email goes with its EmailHash when the key is set, so that the unsubscribe link of the new
 * address finds the run; without the key there are no such links, and the email still changes.
 */
import type { Client } from '@temporalio/client';
import { updateContactUpdate, type AftercareStatus, type ContactUpdate } from '../workflows/contract';
import { CONTACT_CHANGE_HINT } from '../workflows/update-validators';
import { InvalidInputError, NotConfiguredError } from './errors';
import { emailHash } from './email-hash';
import { phoneHash } from './phone-hash';
import { callRun } from './run-call';

export interface ContactChange {
  client: Client;
  workflowId: string;
  phone?: string | undefined;
  email?: string | undefined;
  /** IANA zone; checked by the workflow too (InvalidInputError with path `timezone`). */
  timezone?: string | undefined;
  /** PHONE_HASH_KEY, passed even when unset: a new phone needs it (NotConfiguredError without it); a new email's EmailHash uses it. */
  phoneHashKey: string | undefined;
}

export async function changeContact(req: ContactChange): Promise<AftercareStatus> {
  const { client, workflowId, phone, email, timezone, phoneHashKey } = req;
  if (phone === undefined && email === undefined && timezone === undefined) throw new InvalidInputError([{ path: '(body)', message: CONTACT_CHANGE_HINT }]);
  const change: ContactUpdate = {
    ...(email !== undefined ? { email, ...(phoneHashKey ? { emailHash: emailHash(email, phoneHashKey) } : {}) } : {}),
    ...(timezone !== undefined ? { timezone } : {}),
  };
  if (phone !== undefined) {
    if (!phoneHashKey) {
      throw new NotConfiguredError('PHONE_HASH_KEY', 'PHONE_HASH_KEY must be set to change a phone: without its hash, a STOP from the new number would find no client.');
    }
    Object.assign(change, { phone, phoneHash: phoneHash(phone, phoneHashKey) });
  }
  return callRun(client, workflowId, (run) => run.executeUpdate(updateContactUpdate, { args: [change] }));
}
