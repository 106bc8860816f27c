/**
 * The client's next appointment: recording it (the `recordBooking` update; recording again
 * reschedules) and clearing it (`clearBooking`: the booking prompts still ahead come back).
 */
import type { Client } from '@temporalio/client';
import { clearBookingUpdate, recordBookingUpdate, type AftercareStatus } from '../workflows/contract';
import { callRun } from './run-call';

/** The updated status; InvalidInputError (path `appointmentAt`), RunEndedError or NotFoundError when refused. */
export async function recordBooking(req: { client: Client; workflowId: string; appointmentAt: string }): Promise<AftercareStatus> {
  return callRun(req.client, req.workflowId, (run) => run.executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: req.appointmentAt }] }));
}

/** The updated status; InvalidInputError (path `booking`: none recorded), RunEndedError or NotFoundError when refused. */
export async function clearBooking(req: { client: Client; workflowId: string }): Promise<AftercareStatus> {
  return callRun(req.client, req.workflowId, (run) => run.executeUpdate(clearBookingUpdate, { args: [] }));
}
