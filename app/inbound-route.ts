/**
 * Which clinic a client's text is for. A client of two clinics has a running plan at each, both
 * found by the same PhoneHash; what tells them apart is the sender the client wrote back to.
 *
 * - The text's sender is Twilio's `MessagingServiceSid` when it came through a messaging service
 *   (the number is then one of the service's pool, known only to Twilio), else its `To` number.
 * - A clinic sends from its own `sms.from` / `sms.messagingServiceSid`, or, with neither, from the
 *   platform's (TWILIO_FROM / TWILIO_MESSAGING_SERVICE_SID): those clinics share one sender.
 * - STOP and START reach every plan of the phone at every clinic sending from that sender: the
 *   carrier blocks the number itself, so none of those plans could text the client anyway.
 * - A reply or HELP goes to one plan. With one clinic behind the sender, its newest plan. With a
 *   shared sender, the plan that texted the client last, since that is the text the client is
 *   answering; the workflows' own records are used (the status query's `sent`) because they carry
 *   the clinic with them, need no database in the API, and only the few plans of one phone are asked.
 * - Without any platform sender, texts go to the local outbox from no number at all: a text to a
 *   number no clinic claims is then taken as sent to the clinics without a sender of their own.
 * - A reply to a number no clinic sends from any more (a replaced number) still reaches the
 *   client's clinic when the client has only one; a STOP to it changes nothing, as no plan sends
 *   from it.
 */
import type { Clinic, ClinicSmsSender } from '../domain/clinic';
import { phoneDigits } from './phone-hash';

export type SenderIdentity = Pick<ClinicSmsSender, 'from' | 'messagingServiceSid'>;

/** What routing reads of a clinic. */
export type SenderClinic = Pick<Clinic, 'id' | 'name' | 'phone' | 'sms'>;

/** The part of ClinicDirectory (domain/clinic.ts) routing needs. */
export interface SenderDirectory {
  list(): Promise<SenderClinic[]>;
}

/** Where a client's text went: Twilio's `To` and, through a messaging service, `MessagingServiceSid`. */
export interface InboundAddress {
  to?: string | undefined;
  messagingServiceSid?: string | undefined;
}

/** A running plan of the client's phone. */
export interface RunOfPhone {
  workflowId: string;
  clinicId: string;
  startedAt: Date;
  /** The clinic's reference for the client (its ClientRef attribute), where the run has it. */
  clientRef?: string;
}

export interface InboundRouting {
  clinics: SenderDirectory;
  platformSender: SenderIdentity;
  /** The phone's running plans at any clinic. */
  runsOfPhone(): Promise<RunOfPhone[]>;
}

/** When a plan last texted the client (ISO time), or undefined if it never has. */
export type LastTextedAt = (workflowId: string) => Promise<string | undefined>;

export interface SenderRoute {
  /** The clinics sending from the sender the text went to. */
  clinics: SenderClinic[];
  /** The phone's running plans at those clinics: STOP and START reach each of them. */
  runs: RunOfPhone[];
  /** The phone's running plans at any clinic, newest first. */
  allRuns: RunOfPhone[];
  /** Every clinic, for the clinic of a plan reached without its sender. */
  allClinics: SenderClinic[];
}

const hasSender = (s: SenderIdentity): boolean => Boolean(s.from || s.messagingServiceSid);

/** The sender a clinic's texts go out from. */
export function senderOf(clinic: Pick<Clinic, 'sms'>, platform: SenderIdentity): SenderIdentity {
  return hasSender(clinic.sms) ? clinic.sms : platform;
}

/** The clinics whose texts go out from the sender `address` names. */
export function clinicsSendingFrom<C extends SenderClinic>(clinics: readonly C[], platform: SenderIdentity, address: InboundAddress): C[] {
  const to = address.to ? phoneDigits(address.to) : undefined;
  const matches = clinics.filter((clinic) => {
    const sender = senderOf(clinic, platform);
    if (address.messagingServiceSid && sender.messagingServiceSid === address.messagingServiceSid) return true;
    return to !== undefined && sender.from !== undefined && phoneDigits(sender.from) === to;
  });
  if (matches.length > 0 || hasSender(platform)) return matches;
  return clinics.filter((clinic) => !hasSender(clinic.sms));
}

const newestFirst = (runs: RunOfPhone[]) => [...runs].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());

/** The clinics behind the sender a text went to, and the phone's plans there. */
export async function routeBySender(deps: InboundRouting, address: InboundAddress): Promise<SenderRoute> {
  const [clinics, runs] = await Promise.all([deps.clinics.list(), deps.runsOfPhone()]);
  const owners = clinicsSendingFrom(clinics, deps.platformSender, address);
  const ids = new Set(owners.map((c) => c.id));
  const allRuns = newestFirst(runs);
  return { clinics: owners, runs: allRuns.filter((r) => ids.has(r.clinicId)), allRuns, allClinics: clinics };
}

/**
 * The plan a reply or HELP is for, with its clinic: see the module comment. Plans are asked when
 * they last texted only when more than one clinic could be meant.
 */
export async function addresseeOf(
  route: SenderRoute,
  lastTextedAt: LastTextedAt,
): Promise<{ run: RunOfPhone; clinic?: SenderClinic } | undefined> {
  const oneClinic = (runs: RunOfPhone[]) => new Set(runs.map((r) => r.clinicId)).size === 1;
  const runs = route.runs.length > 0 ? route.runs : route.clinics.length === 0 && oneClinic(route.allRuns) ? route.allRuns : [];
  if (runs.length === 0) return undefined;
  let chosen = runs[0]!;
  if (!oneClinic(runs)) {
    const texted = await Promise.all(runs.map(async (run) => ({ run, at: await lastTextedAt(run.workflowId) })));
    // Newest first already, so a tie or no text at all keeps the newest plan.
    let latest: string | undefined;
    for (const { run, at } of texted) {
      if (at !== undefined && (latest === undefined || Date.parse(at) > Date.parse(latest))) {
        latest = at;
        chosen = run;
      }
    }
  }
  const clinic = route.allClinics.find((c) => c.id === chosen.clinicId);
  return { run: chosen, ...(clinic ? { clinic } : {}) };
}

/**
 * Where a client's text is kept (the inbox of which clinic, the timeline of which plan), when no
 * running plan took it (`reached` undefined): the newest of the phone's plans, ended ones too
 * (`everyRun`, newest first), at a clinic sending from the number written to; with a number no
 * clinic sends from, the newest plan if all the phone's plans are at one clinic. Without such a
 * plan, the one clinic sending from that number, if only one does; otherwise no clinic
 * (administrators see it).
 */
export function placeOfText(route: SenderRoute, reached: RunOfPhone | undefined, everyRun: readonly RunOfPhone[]): { clinicId: string | null; run?: RunOfPhone } {
  if (reached) return { clinicId: reached.clinicId, run: reached };
  const senders = new Set(route.clinics.map((c) => c.id));
  const oneClinic = new Set(everyRun.map((r) => r.clinicId)).size === 1;
  const candidates = senders.size > 0 ? everyRun.filter((r) => senders.has(r.clinicId)) : oneClinic ? everyRun : [];
  const run = candidates[0];
  if (run) return { clinicId: run.clinicId, run };
  return { clinicId: route.clinics.length === 1 ? route.clinics[0]!.id : null };
}
