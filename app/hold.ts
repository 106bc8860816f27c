/**
 * Holding a run's messages and releasing them: the `pause` and `resume` signals, to one run or to
 * every running run of a clinic (an operator stopping a clinic's messages, e.g. for a wrong template).
 */
import type { Client } from '@temporalio/client';
import type { ClinicDirectory } from '../domain/clinic';
import { pauseSignal, resumeSignal } from '../workflows/contract';
import { getClinicOf } from './clinics';
import { InvalidInputError, NotFoundError, RunEndedError } from './errors';
import { runningOfClinic } from './list';
import { callRun } from './run-call';

export interface HoldRequest {
  client: Client;
  /** Exactly one of workflowId and clinicId. */
  workflowId?: string | undefined;
  clinicId?: string | undefined;
  reason: string;
}

export interface HoldResult {
  /** The runs signalled. */
  workflowIds: string[];
  reason: string;
}

async function hold(kind: 'pause' | 'resume', req: HoldRequest): Promise<HoldResult> {
  const { client, workflowId, clinicId, reason } = req;
  if ((workflowId === undefined) === (clinicId === undefined)) {
    throw new InvalidInputError([{ path: 'workflowId', message: 'give a workflow ID or a clinic, not both or neither' }]);
  }
  const signal = kind === 'pause' ? pauseSignal : resumeSignal;
  const send = (id: string) => callRun(client, id, (run) => run.signal(signal, { reason }), { notFound: `no running aftercare workflow with ID ${id}` });
  if (workflowId !== undefined) {
    await send(workflowId);
    return { workflowIds: [workflowId], reason };
  }
  const signalled: string[] = [];
  for (const id of await runningOfClinic(client, clinicId!)) {
    try {
      await send(id);
      signalled.push(id);
    } catch (err) {
      // One that finished since it was listed has nothing left to hold.
      if (!(err instanceof NotFoundError || err instanceof RunEndedError)) throw err;
    }
  }
  return { workflowIds: signalled, reason };
}

/** Holds the messages until `resume`; a step whose day passes meanwhile is skipped. */
export const pauseRuns = (req: HoldRequest): Promise<HoldResult> => hold('pause', req);
/** Releases messages held by `pause`. */
export const resumeRuns = (req: HoldRequest): Promise<HoldResult> => hold('resume', req);

/** A whole clinic held or released: the runs signalled (those running when it was asked). */
export type ClinicHoldResult = { clinicId: string; workflowIds: string[]; reason: string } & ({ paused: true } | { resumed: true });

/**
 * Holds (`pause`) or releases (`resume`) every running run of a known clinic (UnknownClinicError
 * otherwise), as `pause --clinic` does.
 */
export async function holdClinic(
  kind: 'pause' | 'resume',
  req: { client: Client; clinics: ClinicDirectory; clinicId: string; reason: string },
): Promise<ClinicHoldResult> {
  const { client, clinicId, reason } = req;
  await getClinicOf(req.clinics, clinicId);
  const { workflowIds } = await hold(kind, { client, clinicId, reason });
  return { clinicId, workflowIds, ...(kind === 'pause' ? { paused: true as const } : { resumed: true as const }), reason };
}
