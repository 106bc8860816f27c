/**
 * Staff switching one of a client's channels off or on: the `switchChannel` update, which the
 * workflow checks against the run's own state, so nothing can slip in between a look and a change.
 * Off stays off (a contact change or a START text does not bring it back); on is refused, naming
 * `channel`, without consent or a contact detail for it, after the client's STOP (only the client
 * takes a STOP back) and after a permanent failure (a contact change fixes that).
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { CHANNELS, type Channel } from '../domain/channels';
import { switchChannelUpdate, type AftercareStatus } from '../workflows/contract';
import { callRun } from './run-call';

/** A switch as the API's body gives it (the CLI's flags make the same two fields). */
export const channelSwitchSchema = z.strictObject(
  {
    channel: z.enum(CHANNELS, { message: `must be ${CHANNELS.join(' or ')}` }).meta({ description: 'The channel to switch.' }),
    enabled: z.boolean({ message: 'must be true (on) or false (off)' }).meta({ description: 'true switches it on, false off.' }),
  },
  { message: 'must be a JSON object: { "channel": "sms" | "email", "enabled": true | false }' },
);

/** The updated status; InvalidInputError (path `channel`), RunEndedError or NotFoundError when refused. */
export async function switchChannel(req: { client: Client; workflowId: string; channel: Channel; enabled: boolean }): Promise<AftercareStatus> {
  const { channel, enabled } = req;
  return callRun(req.client, req.workflowId, (run) => run.executeUpdate(switchChannelUpdate, { args: [{ channel, enabled }] }));
}
