/** What every notice to the clinic is rendered from: the client, the session and the run. */
import type { ClinicNoticeContext, DigestReply } from '../domain/messages';
import type { RunState } from './run-state';

export function noticeContext(run: RunState, detail?: string, replies?: DigestReply[], matched?: string[]): ClinicNoticeContext {
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
    ...(matched?.length ? { matched } : {}),
    ...(run.demoScale ? { demo: true } : {}),
  };
}
