/**
 * One durable workflow per treatment session: waits for each step of the care plan (or for
 * something the clinic, the client or an operator does), delivers it by the channels the client
 * consented to, in the client's zone, inside the clinic's window, and reports what happened.
 *
 * Deterministic by construction: time comes from the workflow clock, every side effect is an
 * activity, and the plan is recomputed from the same inputs plus recorded signals and updates.
 * The order of commands here (timers, activities, search-attribute upserts, patch markers) is
 * what saved histories replay against: see docs/versioning.md before changing it.
 */
import { log } from '@temporalio/workflow';
import type { ClientStepId } from '../domain/messages';
import { STEPS } from '../domain/steps';
import { unaskedFollowUp } from './booking-follow-ups';
import { sendCalendarUpdates } from './calendar-updates';
import { holdWhilePaused } from './pause';
import { forwardReplies, reportCallbackFailure, reportFailedChannels, reportUnreachable, tellClinic } from './clinic-notices';
import { heldOpenByConcern } from './concern-hold';
import { continueAsNewIfLong, isContinuedRun } from './continue-as-new';
import type { AftercareInput, AftercareResult } from './contract';
import { mustDecideAgain } from './decide-again';
import { deliverToClient } from './delivery';
import { lateStep } from './late-steps';
import { sendResends } from './resends';
import { heldBySolicitationCap } from './solicitation-cap';
import { reviewRequestFor } from './review-request';
import { RunState } from './run-state';
import { reportUnsent } from './unsent-steps';
import { flushSearchAttributes, keepSearchAttributesPublished } from './search-attribute-flush';
import { StepTimer } from './step-timer';
import { endedAtStart, supersedeEarlierSessions, yieldToNewerSession } from './supersede';
import { dueAt, formatLocal } from './timing';
import { startTouchUps } from './touch-up-start';
import { waitFor } from './wait';

export type { AftercareResult } from './contract';

export async function aftercareWorkflow(input: AftercareInput): Promise<AftercareResult> {
  const run = new RunState(input);
  run.registerHandlers();
  if (run.lean.upsertOncePerTask) keepSearchAttributesPublished(run);
  const stepTimer = run.lean.keptStepTimer ? new StepTimer() : undefined;
  if (!isContinuedRun(input)) {
    // Once per session, not once per run of a long history (continue-as-new.ts).
    await supersedeEarlierSessions(input);
    await yieldToNewerSession(run);
  }
  run.publish();
  if (!isContinuedRun(input) && !endedAtStart(run)) await reportUnreachable(run, 'welcome');

  // The steps, then (only while an urgent concern is open) a hold until staff handle it.
  do {
    for (let next = run.nextStep(); next; next = run.nextStep()) {
      const { step, sendAt } = next;
      const label = STEPS[step].label;
      // Events count from here: a change while replies and resends go out still re-plans the wait.
      const happened = run.eventsSince();
      await forwardReplies(run);
      await sendResends(run);
      await sendCalendarUpdates(run);
      await reportCallbackFailure(run);
      await continueAsNewIfLong(run); // a long history goes on in a new run (continue-as-new.ts)
      // An urgent reply just opened a concern that holds this booking prompt: pick the next step
      // (already published with the concern, so no second upsert here).
      if (run.heldForConcern(step)) continue;
      if (mustDecideAgain(happened)) {
        run.publish();
        continue;
      }

      const due = dueAt(sendAt, input.enrolledAt, run.demoScale);
      const waitMs = Math.max(0, due - Date.now());
      if (waitMs > 0) {
        const summary = `until ${label} on ${formatLocal(sendAt, run.zone)}`;
        const events = ['stopped', 'plan-changed', 'reply', 'resend'] as const;
        const woke = stepTimer ? await stepTimer.until(due, summary, happened, events) : await waitFor(happened, events, { ms: waitMs, summary });
        if (woke !== 'due') {
          run.publish();
          continue;
        }
      }

      // Paused by an operator: hold here (no timer, so runs that were never paused replay as
      // before); on resume the step is late, and the late-step rules decide.
      if (run.paused) {
        run.publish();
        await holdWhilePaused(run, happened);
        run.publish();
        continue;
      }

      // Held up past its time: still never at night, and never on another day than its text says.
      const late = lateStep(run, next);
      if (late.kind === 'skip') {
        run.skip(step, late.reason);
        log.warn('step skipped: held up past its day', { workflowId: run.workflowId, step });
        run.publish(`${label} skipped: ${late.reason}`);
        continue;
      }
      if (late.kind === 'wait') {
        const summary = `late ${label}: waits for the window, ${formatLocal(late.until, run.zone)}`;
        // Unlike the wait above, a resend does not cut this one short.
        await waitFor(happened, ['stopped', 'plan-changed', 'reply'], { ms: Date.parse(late.until) - Date.now(), summary });
        run.publish();
        continue;
      }

      const unasked = unaskedFollowUp(run, step);
      if (unasked) {
        run.skip(step, unasked);
        log.info('booking follow-up skipped: book-next never went', { workflowId: run.workflowId, step });
        run.publish(`${label} skipped: ${unasked}`);
        continue;
      }

      // A state's cap on solicitations may move a booking prompt later (solicitation-cap.ts).
      if (heldBySolicitationCap(run, step)) continue;

      run.done.add(step);
      if (STEPS[step].to === 'clinic') {
        await tellClinic(run, step, 'clinic-follow-up');
        run.publish(`${label}: clinic asked to call the client`);
        continue;
      }
      run.phase = step;
      const via = await deliverToClient(run, step as ClientStepId, undefined, await reviewRequestFor(run, step as ClientStepId));
      await reportUnreachable(run, step);
      await reportFailedChannels(run, step);
      await reportUnsent(run, step as ClientStepId, via);
      run.publish(`${label} ${via.length ? `sent by ${via.join(' and ')}` : 'could not be sent'}`);
    }
  } while (await heldOpenByConcern(run));

  // A resend asked for while the last step went out is still owed, and so is a calendar update.
  await sendResends(run);
  await sendCalendarUpdates(run);
  // The course's last session: the touch-up reminders take over for the years to come.
  await startTouchUps(run);
  const phase = run.stopped ? run.stopped.phase : 'completed';
  run.phase = phase;
  run.publish(run.stopped ? undefined : 'all steps done');
  flushSearchAttributes(run);
  return { phase, sent: run.sent };
}
