/**
 * Changing a client's phone or email: the `updateContact` update. A new phone goes with its
 * PhoneHash, computed here, so that an inbound STOP from the new number finds the client.
 */
import type { Client } from '@temporalio/client';
import { updateContactUpdate, type AftercareStatus } from '../workflows/contract';
import { InvalidInputError } from './errors';
import { phoneHash } from './phone-hash';
import { callRun } from './run-call';

export interface ContactChange {
  client: Client;
  workflowId: string;
  phone?: string | undefined;
  email?: string | undefined;
  /** PHONE_HASH_KEY, passed even when unset: without it a new phone cannot be found by an inbound STOP. */
  phoneHashKey: string | undefined;
}

export async function changeContact(req: ContactChange): Promise<AftercareStatus> {
  const { client, workflowId, phone, email, phoneHashKey } = req;
  if (phone === undefined && email === undefined) throw new InvalidInputError([{ path: '(body)', message: 'give phone, email or both' }]);
  const change = {
    ...(phone !== undefined ? { phone } : {}),
    ...(email !== undefined ? { email } : {}),
    ...(phone !== undefined && phoneHashKey ? { phoneHash: phoneHash(phone, phoneHashKey) } : {}),
  };
  return callRun(client, workflowId, (run) => run.executeUpdate(updateContactUpdate, { args: [change] }));
}
