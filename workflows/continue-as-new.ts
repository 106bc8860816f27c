/**
 * A run whose history grows long (a client who texts a lot: every reply is a signal, a workflow
 * task and often a notice) goes on as a new run of the same workflow ID, carrying all it knows
 * (RunState.carry). Temporal slows down as a history grows, warns at 10,000 events and ends the
 * run at 50,000. Callers notice nothing: signals, updates, queries and `handle.result()` address
 * the workflow ID and reach the newest run.
 */
import { allHandlersFinished, condition, log, makeContinueAsNewFunc, patched, workflowInfo } from '@temporalio/workflow';
import type { AftercareInput, AftercareResult } from './contract';
import type { RunState } from './run-state';
import { flushSearchAttributes } from './search-attribute-flush';

/** patched() id of continuing as new once the history is long; never reuse it. */
const CONTINUE_AS_NEW_PATCH = 'continue-as-new-on-long-history';

/**
 * Events after which a run continues as new at its next safe point, even if the server does not
 * suggest it (servers suggest it from about 4,000 events or 4 MB, the time-skipping one included;
 * older ones never do). A worker without the run in its cache replays the whole history, so a
 * shorter one is cheaper, and continuing costs a dozen events. A normal timeline has a few hundred.
 */
const HISTORY_EVENT_BUDGET = 2_000;

/**
 * The most client replies a run hands on still waiting: each may be 1,600 characters, and the next
 * run's input (with the sends and the seen SIDs) must stay far below Temporal's 2 MB payload
 * limit. Past it, the run forwards replies first.
 */
const WAITING_REPLIES_CARRIED = 100;

/** Whether this run's history is long enough to go on in a new run. */
function historyIsLong(): boolean {
  const { historyLength, continueAsNewSuggested } = workflowInfo();
  return continueAsNewSuggested || historyLength >= HISTORY_EVENT_BUDGET;
}

/**
 * Whether this run should go on in a new one: its history is long, few replies wait, and it is not
 * stopped (a stopped run ends in a few events anyway, and is left to end).
 */
export function timeToContinueAsNew(run: RunState): boolean {
  // Runs that grew long before the change replay without continuing.
  return !run.stopped && run.replies.length <= WAITING_REPLIES_CARRIED && historyIsLong() && patched(CONTINUE_AS_NEW_PATCH);
}

/** Whether this run is a continuation: what is done once per session was done by the first run. */
export function isContinuedRun(input: AftercareInput): boolean {
  return input.carried !== undefined;
}

/**
 * Call only where nothing is in flight (no activity or timer awaited, replies and resends handled):
 * once it is time, ends this run and starts the next with the same input and the carried state.
 */
export async function continueAsNewIfLong(run: RunState): Promise<void> {
  if (!timeToContinueAsNew(run)) return;
  // Handlers are synchronous today; the wait keeps an update from being cut off if one ever awaits.
  await condition(allHandlersFinished);
  // Whatever publish() left stale goes first: the next run starts from these attributes.
  flushSearchAttributes(run);
  const { historyLength, typedSearchAttributes } = workflowInfo();
  log.info('history is long: continuing as new', { workflowId: run.workflowId, historyLength });
  // The search attributes go along explicitly (PhoneHash may have changed since the start).
  const next = makeContinueAsNewFunc<(input: AftercareInput) => Promise<AftercareResult>>({ typedSearchAttributes });
  await next({ ...run.input, carried: run.carry() });
}
