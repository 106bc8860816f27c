/**
 * What a client's text or a delivery report changes (the Twilio webhooks come through here): a run
 * is found by its PhoneHash, never by the number, and a run that ends meanwhile is skipped.
 */
import { WorkflowNotFoundError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import type { Language } from '../domain/i18n';
import { clinicOfWorkflowId } from '../domain/identifiers';
import type { StepId } from '../domain/steps';
import { clientReplySignal, deliveryStatusSignal, optInSignal, optOutSignal, SEARCH_ATTRIBUTES, statusQuery, WORKFLOW_TYPE } from '../workflows/contract';
import type { Triage } from '../domain/triage/types';
import type { RunOfPhone } from './inbound-route';
import { phoneHash } from './phone-hash';

/** At most this many runs of one phone are touched by one text. */
const MAX_RUNS_OF_A_PHONE = 100;

/** The running aftercare runs of a phone, newest first. */
export async function runningRunsOfPhone(req: { client: Client; phone: string; phoneHashKey: string }): Promise<WorkflowExecutionInfo[]> {
  const hash = phoneHash(req.phone, req.phoneHashKey);
  const query = `WorkflowType = '${WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' AND ${SEARCH_ATTRIBUTES.PhoneHash.name} = '${hash}'`;
  const found: WorkflowExecutionInfo[] = [];
  for await (const wf of req.client.workflow.list({ query })) {
    found.push(wf);
    if (found.length >= MAX_RUNS_OF_A_PHONE) break;
  }
  return found.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
}

/** The running runs of a phone with their clinics (runs started before the ClinicId attribute are asked). */
export async function runsOfPhoneWithClinic(req: { client: Client; phone: string; phoneHashKey: string }): Promise<RunOfPhone[]> {
  const runs = await runningRunsOfPhone(req);
  const found = await Promise.all(
    runs.map(async (wf) => {
      try {
        const clinicId = wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClinicId) ?? (await req.client.workflow.getHandle(wf.workflowId).query(statusQuery)).clinicId;
        return [{ workflowId: wf.workflowId, clinicId, startedAt: wf.startTime, ...refOf(wf) }];
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return [];
        throw err;
      }
    }),
  );
  return found.flat();
}

const refOf = (wf: WorkflowExecutionInfo): { clientRef?: string } => {
  const clientRef = wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClientRef);
  return clientRef ? { clientRef } : {};
};

/**
 * Every run of a phone, running or ended (completed, cancelled, superseded), newest first, one
 * per workflow ID: where a text from a client with no running plan belongs, for their timeline and
 * their clinic's inbox. A run's clinic comes from its ClinicId attribute or its ID; an ended run
 * is not asked (that would need a worker to replay it), so one with neither is left out.
 */
export async function runsOfPhoneAnyStatus(req: { client: Client; phone: string; phoneHashKey: string }): Promise<RunOfPhone[]> {
  const hash = phoneHash(req.phone, req.phoneHashKey);
  const query = `WorkflowType = '${WORKFLOW_TYPE}' AND ${SEARCH_ATTRIBUTES.PhoneHash.name} = '${hash}'`;
  const newest = new Map<string, RunOfPhone>();
  let seen = 0;
  for await (const wf of req.client.workflow.list({ query })) {
    if (++seen > MAX_RUNS_OF_A_PHONE) break;
    const clinicId = wf.typedSearchAttributes.get(SEARCH_ATTRIBUTES.ClinicId) ?? clinicOfWorkflowId(wf.workflowId);
    if (clinicId === undefined) continue;
    const earlier = newest.get(wf.workflowId);
    // A run that continued as new and its successor share the ID: the newest stands for both.
    if (!earlier || earlier.startedAt < wf.startTime) newest.set(wf.workflowId, { workflowId: wf.workflowId, clinicId, startedAt: wf.startTime, ...refOf(wf) });
  }
  return [...newest.values()].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}

/** What an ended run's clinic notice needs of it: its session and the client's zone, when it can still say. */
export async function runFacts(req: { client: Client; workflowId: string }): Promise<{ sessionNumber?: number; timezone?: string }> {
  const handle = req.client.workflow.getHandle(req.workflowId);
  try {
    const description = await handle.describe();
    const sessionNumber = description.typedSearchAttributes.get(SEARCH_ATTRIBUTES.SessionNumber);
    try {
      // A query replays an ended run on a worker: fine when one is up, skipped when not.
      const status = await handle.query(statusQuery);
      return { sessionNumber: status.sessionNumber, timezone: status.timezone };
    } catch {
      return sessionNumber !== undefined ? { sessionNumber } : {};
    }
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return {};
    throw err;
  }
}

/** Texts a run has had accepted for the client (sent, or since delivered). */
const TEXTED: readonly string[] = ['sent', 'delivered'];

/** When a run last texted its client, from its own records; undefined if never, or if it has gone. */
export async function lastTextedAt(req: { client: Client; workflowId: string }): Promise<string | undefined> {
  try {
    const { sent } = await req.client.workflow.getHandle(req.workflowId).query(statusQuery);
    const times = sent.filter((r) => r.channel === 'sms' && TEXTED.includes(r.status)).map((r) => r.at);
    return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * The language a run writes to its client in (its status' `locale`), for answering the client's
 * text in it; undefined when the run has gone or its worker is older than languages.
 */
export async function languageOfRun(req: { client: Client; workflowId: string }): Promise<Language | undefined> {
  try {
    return (await req.client.workflow.getHandle(req.workflowId).query(statusQuery)).locale;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** Signals each run; one that has ended meanwhile is skipped. Returns the IDs reached. */
async function signalEach(workflowIds: string[], send: (workflowId: string) => Promise<void>): Promise<string[]> {
  const reached: string[] = [];
  for (const workflowId of workflowIds) {
    try {
      await send(workflowId);
      reached.push(workflowId);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return reached;
}

/** STOP (optIn false) or START (optIn true) for SMS, to every given run. */
export function setSmsConsent(req: { client: Client; workflowIds: string[]; optIn: boolean }): Promise<string[]> {
  const signal = req.optIn ? optInSignal : optOutSignal;
  return signalEach(req.workflowIds, (id) => req.client.workflow.getHandle(id).signal(signal, { channel: 'sms' }));
}

export type ClientReply = { kind: 'wants-to-book'; messageSid: string } | { kind: 'message'; text: string; messageSid: string; triage?: Triage };

/** A reply the clinic must see (the workflow emails it, once per MessageSid). */
export function forwardReply(req: { client: Client; workflowId: string; reply: ClientReply }): Promise<string[]> {
  return signalEach([req.workflowId], (id) => req.client.workflow.getHandle(id).signal(clientReplySignal, req.reply));
}

export interface DeliveryReport {
  step: StepId;
  status: 'delivered' | 'undelivered' | 'failed';
  detail?: string;
  /** The provider's error code as data (the run switches SMS off for a permanent one). */
  errorCode?: string;
}

/** Twilio's final word on a text. Returns whether the run was still there to hear it. */
export async function recordDelivery(req: { client: Client; workflowId: string; report: DeliveryReport }): Promise<boolean> {
  const { step, status, detail, errorCode } = req.report;
  const reached = await signalEach([req.workflowId], (id) =>
    req.client.workflow
      .getHandle(id)
      .signal(deliveryStatusSignal, { step, channel: 'sms', status, ...(detail ? { detail } : {}), ...(errorCode ? { errorCode } : {}) }),
  );
  return reached.length > 0;
}
