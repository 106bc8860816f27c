/** What every notice to the clinic is rendered from: the client, the session and the run. */
import type { ClinicNoticeContext, DigestReply } from '../domain/messages';
import type { RunState } from './run-state';

/** What only an urgent reply's alert says: the matched words, when it came, how the client was answered. */
export type UrgentFacts = Pick<ClinicNoticeContext, 'matched' | 'receivedAt' | 'clientAnsweredBy'>;

export function noticeContext(run: RunState, detail?: string, replies?: DigestReply[], urgent?: UrgentFacts): ClinicNoticeContext {
  const { clinic, client, clientRef, session } = run.input;
  return {
    clinicName: clinic.name,
    clientRef,
    clientFirstName: client.firstName,
    workflowId: run.workflowId,
    sessionNumber: session.number,
    timezone: run.zone,
    ...(detail ? { detail } : {}),
    ...(replies ? { replies } : {}),
    ...urgent,
    ...(run.demoScale ? { demo: true } : {}),
  };
}
