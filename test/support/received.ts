import type { StepId } from '../../domain/steps';
import type { Harness } from '../../dev/aftercare-harness';

/** Steps each channel received for one workflow, read at the providers themselves. */
export function receivedBy(h: Harness, workflowId: string) {
  const sms = h.twilio.messages
    .filter((m) => new URL(m.statusCallback ?? 'x:/').searchParams.get('wf') === workflowId)
    .map((m) => new URL(m.statusCallback as string).searchParams.get('step') as StepId);
  const mails = h.smtp.messages.filter((m) => m.headers.get('x-aftercare-workflow') === workflowId);
  const email = mails.filter((m) => m.headers.get('x-aftercare-channel') !== 'clinic').map((m) => m.headers.get('x-aftercare-step') as StepId);
  // Notices to the clinic, by subject.
  const clinic = mails.filter((m) => m.headers.get('x-aftercare-channel') === 'clinic').map((m) => m.subject ?? '');
  return { sms, email, clinic };
}
