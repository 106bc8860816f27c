/** Recording the client's next appointment: the `recordBooking` update, checked by the workflow. */
import type { Client } from '@temporalio/client';
import { recordBookingUpdate, type AftercareStatus } from '../workflows/contract';
import { callRun } from './run-call';

/** The updated status; InvalidInputError (path `appointmentAt`), RunEndedError or NotFoundError when refused. */
export async function recordBooking(req: { client: Client; workflowId: string; appointmentAt: string }): Promise<AftercareStatus> {
  return callRun(req.client, req.workflowId, (run) => run.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: req.appointmentAt }] }));
}
