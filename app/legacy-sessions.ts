/**
 * A client's sessions enrolled before workflow IDs kept the clinic id and the client reference
 * apart (domain/identifiers.ts). Their runs keep the first scheme's IDs, which a run of the new
 * scheme never signals (workflows/supersede.ts): such an ID may equally be another clinic's client
 * (`north` + `side-C1` and `north-side` + `C1`). The enrolment reaches them here, by ID, and acts
 * only on a run whose own ClinicId and ClientRef search attributes are this client's.
 *
 * Only needed while runs of the first scheme are left (a run lives about a month after its
 * session, longer while a booking reminder waits). Nothing makes first-scheme IDs any more, so a
 * clinic found to have none never gets one: that is asked once per clinic (one visibility count),
 * and its enrolments then skip the look-ups (one describe per planned session, most of the
 * enrolment's Temporal calls).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { legacyWorkflowIdFor, legacyWorkflowIdPrefixOf } from '../domain/identifiers';
import { SEARCH_ATTRIBUTES, supersedeSignal, type AftercareInput } from '../workflows/contract';

export interface LegacySession {
  workflowId: string;
  sessionNumber: number;
  running: boolean;
}

/** The sessions of the input's client (this one included) that have a run under a first-scheme ID. */
export async function legacySessionsOf(client: Client, input: AftercareInput): Promise<LegacySession[]> {
  if (await hasNoLegacyRuns(client, input.clinic.id)) return [];
  const numbers = Array.from({ length: Math.max(input.session.plannedSessions, input.session.number) }, (_, i) => i + 1);
  const found = await Promise.all(numbers.map((n) => legacySession(client, input, n)));
  return found.filter((s): s is LegacySession => s !== undefined);
}

async function legacySession(client: Client, input: AftercareInput, sessionNumber: number): Promise<LegacySession | undefined> {
  const workflowId = legacyWorkflowIdFor(input.clinic.id, input.clientRef, sessionNumber);
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
    const attrs = d.typedSearchAttributes;
    const mine = attrs.get(SEARCH_ATTRIBUTES.ClinicId) === input.clinic.id && attrs.get(SEARCH_ATTRIBUTES.ClientRef) === input.clientRef;
    return mine ? { workflowId, sessionNumber, running: d.status.name === 'RUNNING' } : undefined;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** Ends the running first-scheme runs of the client's earlier sessions, as a newer session's run does. */
export async function supersedeLegacySessions(client: Client, sessions: readonly LegacySession[], bySessionNumber: number): Promise<void> {
  for (const s of sessions) {
    if (!s.running || s.sessionNumber >= bySessionNumber) continue;
    try {
      await client.workflow.getHandle(s.workflowId).signal(supersedeSignal, { bySessionNumber });
    } catch (err) {
      // Ended between the look-up and the signal: nothing left to supersede.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
}

/**
 * While a clinic still has first-scheme runs, how long before visibility is asked again: their
 * runs end and leave the server's retention, after which the look-ups stop.
 */
const LEGACY_RECOUNT_MS = 10 * 60_000;

interface LegacyGate {
  /** Clinics with no first-scheme run: for good, as none can be made again. */
  readonly none: Set<string>;
  /** Clinics found with some (or not counted: the server may not count, like the time-skipping test server), and when. */
  readonly some: Map<string, number>;
  /** Counts under way, so that a burst of enrolments asks once. */
  readonly pending: Map<string, Promise<boolean>>;
}

const gates = new WeakMap<Client, LegacyGate>();

function gateOf(client: Client): LegacyGate {
  let gate = gates.get(client);
  if (!gate) gates.set(client, (gate = { none: new Set(), some: new Map(), pending: new Map() }));
  return gate;
}

/**
 * Whether the clinic is known to have no run under a first-scheme ID, running or closed (a closed
 * one still refuses its session a second enrolment). Any doubt (the count failed, or found some)
 * answers false, so the caller looks each session up.
 */
async function hasNoLegacyRuns(client: Client, clinicId: string): Promise<boolean> {
  const gate = gateOf(client);
  if (gate.none.has(clinicId)) return true;
  const countedAt = gate.some.get(clinicId);
  if (countedAt !== undefined && Date.now() - countedAt < LEGACY_RECOUNT_MS) return false;
  let counting = gate.pending.get(clinicId);
  if (!counting) {
    counting = countLegacyRuns(client, clinicId)
      .then((count) => count === 0, () => false)
      .then((none) => {
        if (none) gate.none.add(clinicId);
        else gate.some.set(clinicId, Date.now());
        gate.pending.delete(clinicId);
        return none;
      });
    gate.pending.set(clinicId, counting);
  }
  return counting;
}

async function countLegacyRuns(client: Client, clinicId: string): Promise<number> {
  // Runs of a clinic whose id extends this one's (`north-side` for `north`) are counted too: a
  // false "some" only keeps the look-ups.
  const { count } = await client.workflow.count(`WorkflowId STARTS_WITH '${legacyWorkflowIdPrefixOf(clinicId)}'`);
  return count;
}
