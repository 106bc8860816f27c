/**
 * What should arrive, derived from each client's plan (`planOf`, the workflow's own) and the
 * channels they consented to, never written out by hand:
 * - every client step on every consented channel whose contact the provider accepts;
 * - every clinic step (the day-21 follow-up call) as one clinic email, when `book-next` reached
 *   the client on some channel (the follow-up speaks of that request; without it, it is skipped);
 * - when the provider refuses every consented channel, one "unreachable" clinic email, on the
 *   step where the last channel failed: the first one, since these refusals start at once;
 * - when it refuses one channel for good and the other works, one "check the contact" email.
 */
import type { ClinicNoticeKind } from '../../domain/messages';
import { STEPS, type StepId } from '../../domain/steps';
import { planOf } from '../../workflows/contract';
import type { EnrolledClient } from './fault-clients';

export type FaultChannel = 'sms' | 'email' | 'clinic';

export interface MessageKey {
  workflowId: string;
  step: StepId;
  channel: FaultChannel;
  /** For a clinic email: which notice it must be. */
  notice?: ClinicNoticeKind;
}

export const keyText = (k: MessageKey): string => `${k.workflowId} ${k.step} ${k.channel}`;

export function expectedMessages(c: EnrolledClient): MessageKey[] {
  const plan = planOf(c.input);
  const { consent, phone, email } = c.input.client;
  const usable = {
    sms: consent.sms && Boolean(phone) && !c.spec.smsRejectedWith,
    email: consent.email && Boolean(email) && !c.spec.emailRejected,
  };
  const keys: MessageKey[] = [];
  const bookNextReachesClient = plan.some((s) => s.step === 'book-next') && (usable.sms || usable.email);
  for (const { step } of plan) {
    if (STEPS[step].to === 'clinic') {
      if (bookNextReachesClient) keys.push({ workflowId: c.workflowId, step, channel: 'clinic', notice: 'clinic-follow-up' });
      continue;
    }
    for (const channel of ['sms', 'email'] as const) {
      if (usable[channel]) keys.push({ workflowId: c.workflowId, step, channel });
    }
  }
  const firstClientStep = plan.find((s) => STEPS[s.step].to === 'client');
  if (!usable.sms && !usable.email && firstClientStep) {
    keys.push({ workflowId: c.workflowId, step: firstClientStep.step, channel: 'clinic', notice: 'unreachable' });
  }
  // One channel refused as a fault (not an unsubscribed number, which is the client's choice)
  // while the other still works: the clinic is asked to fix that contact detail, once.
  const smsFault = consent.sms && Boolean(phone) && c.spec.smsRejectedWith !== undefined && c.spec.smsRejectedWith.code !== 21610;
  const emailFault = consent.email && Boolean(email) && Boolean(c.spec.emailRejected);
  if ((usable.sms || usable.email) && (smsFault || emailFault) && firstClientStep) {
    keys.push({ workflowId: c.workflowId, step: firstClientStep.step, channel: 'clinic', notice: smsFault ? 'sms-failed' : 'email-failed' });
  }
  return keys;
}

/** When each step of a client falls due, in wall-clock time on the demo timeline (as the workflow computes it). */
export function dueTimes(c: EnrolledClient): number[] {
  const origin = Date.parse(c.input.enrolledAt);
  const scale = (c.input.demoSecondsPerDay ?? 86_400) / 86_400;
  return planOf(c.input).map((s) => origin + Math.max(0, Date.parse(s.sendAt) - origin) * scale);
}

/** When the last step of a client falls due. */
export function timelineEndsAt(c: EnrolledClient): number {
  return Math.max(Date.parse(c.input.enrolledAt), ...dueTimes(c));
}
