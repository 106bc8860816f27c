import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { planOf, type AftercareInput } from '../../workflows/contract';
import type { PlannedStep } from '../../domain/plan-types';
import type { StepId } from '../../domain/steps';

/** Skips the time-skipping server to just after a planned step (the welcome may wait for the window to open). */
export async function skipPast(env: TestWorkflowEnvironment, input: AftercareInput, step: StepId, extraMs = 2 * 60_000): Promise<void> {
  await skipPastPlanned(env, planOf(input), step, extraMs);
}

/** The same, by a plan as a run holds it now (replanned after a change, say). */
export async function skipPastPlanned(env: TestWorkflowEnvironment, plan: readonly Pick<PlannedStep, 'step' | 'sendAt'>[], step: StepId, extraMs = 2 * 60_000): Promise<void> {
  const planned = plan.find((p) => p.step === step);
  if (!planned) throw new Error(`${step} is not planned`);
  const target = Date.parse(planned.sendAt) + extraMs;
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}
