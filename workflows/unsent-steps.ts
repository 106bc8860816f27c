/**
 * A client step that no channel carried although a channel could still reach the client: every
 * provider kept failing until the step's deadline (an SMTP server down for the afternoon). Nothing
 * else would tell anyone: the channels stay on, since the next step may well get through. So the
 * step shows in DeliveryProblem, the clinic hears of it once, and the welcome, which holds the
 * first care instructions and is never skipped, is tried again when the window next opens.
 */
import { patched } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import { CHANNEL_LABEL, CHANNELS } from '../domain/channels';
import type { ClientStepId } from '../domain/messages';
import { nextWindowOpening } from '../domain/plan';
import { STEPS } from '../domain/steps';
import { tellClinic } from './clinic-notices';
import { timingOf } from './contract';
import type { RunState } from './run-state';
import { formatLocal } from './timing';

/** patched() id of reporting a step no channel carried (and retrying the welcome); never reuse it. */
const UNSENT_PATCH = 'step-not-sent-anywhere-is-reported';

/** How many times the welcome is tried in all: on its day, then at the next windows' openings. */
export const WELCOME_TRIES = 3;

/**
 * After `step`'s sends, which went by `via`. Runs in which every step went out somewhere, or in
 * which the client could not be reached at all (the unreachable notice covers that), never reach
 * patched() and replay as they were; the step still shows in DeliveryProblem.
 */
export async function reportUnsent(run: RunState, step: ClientStepId, via: readonly string[]): Promise<void> {
  if (via.length) return;
  const failures = CHANNELS.flatMap((channel) => {
    const record = run.lastRecord(channel, (r) => r.id === step);
    return record?.status === 'failed' ? [`${CHANNEL_LABEL[channel]}: ${record.detail ?? 'failed'}`] : [];
  });
  // Withdrawn or skipped sends are not failures.
  if (!failures.length) return;
  // Shown in DeliveryProblem (a search attribute's value, which replay does not compare).
  run.unsent.add(step);
  // With no channel left, the unreachable notice has told the clinic, and a retry could not go.
  if (!run.reachable() || !patched(UNSENT_PATCH)) return;

  let retry = '';
  if (step === 'welcome' && !run.demoScale && ++run.welcomeTries < WELCOME_TRIES) {
    const at = nextWindowOpening(DateTime.fromMillis(Date.now()), run.zone, timingOf(run.input).window).toUTC().toISO() as string;
    run.retryAt[step] = at;
    run.done.delete(step);
    retry = ` It will be tried again when the sending window opens, ${formatLocal(at, run.zone)}.`;
  }
  if (run.unsentNoticeSent.has(step)) return;
  run.unsentNoticeSent.add(step);
  await tellClinic(run, step, 'step-not-sent', `${STEPS[step].label} (${failures.join('; ')}).${retry}`);
}
