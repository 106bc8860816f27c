/** The commands that talk to Temporal (status, book, cancel, pause, resume, list) and phone-hash. */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { isoInstantSchema } from '../../domain/plan';
import { STEPS, type StepId } from '../../domain/steps';
import {
  cancelSignal,
  pauseSignal,
  recordBookingUpdate,
  resendStepUpdate,
  resumeSignal,
  SEARCH_ATTRIBUTES,
  statusQuery,
  WORKFLOW_TYPE,
  type AftercareStatus,
} from '../../workflows/contract';
import { printJson, requireString, table, UsageError, type Command } from '../kit';
import { cliConfig, withClient } from '../context';
import { phoneHash } from '../../app/phone-hash';
import { CLINIC_ID, E164, E164_HINT, WORKFLOW_ID, WORKFLOW_ID_EXAMPLE, WORKFLOW_ID_HINT } from '../../domain/identifiers';


function workflowIdArg(positionals: string[]): string {
  const id = positionals[0];
  if (!id) throw new UsageError(`<workflowId> is required, for example ${WORKFLOW_ID_EXAMPLE}`);
  if (!WORKFLOW_ID.test(id)) throw new UsageError(`<workflowId> "${id}" ${WORKFLOW_ID_HINT}`);
  return id;
}

async function onWorkflow<T>(workflowId: string, fn: (client: Client) => Promise<T>): Promise<T> {
  return withClient(async (client) => {
    try {
      return await fn(client);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new Error(`no aftercare workflow with ID ${workflowId}`);
      throw err;
    }
  });
}

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toFormat("ccc LLL d yyyy, HH:mm ZZZZ");

/** How the next step will go out, from the channels' state. */
function nextChannels(s: AftercareStatus): string {
  if (s.nextStep && STEPS[s.nextStep.id].to === 'clinic') return 'to the clinic by email';
  const active = [s.channels.sms === 'active' ? 'SMS' : '', s.channels.email === 'active' ? 'email' : ''].filter(Boolean);
  return active.length === 2 ? 'by SMS and email' : active.length === 1 ? `by ${active[0]} only` : 'no channel left to reach the client';
}

export function formatStatus(workflowId: string, s: AftercareStatus): string {
  const lines = [
    `${workflowId}`,
    `  phase:    ${s.phase}   (session ${s.sessionNumber}, client zone ${s.timezone})`,
    `  next:     ${s.nextStep ? `${STEPS[s.nextStep.id].label} (${s.nextStep.id}) on ${local(s.nextStep.sendAt, s.timezone)}, ${nextChannels(s)}` : 'nothing left to send'}`,
    `  booking:  ${s.booking.status}${s.booking.appointmentAt ? ` for ${local(s.booking.appointmentAt, s.timezone)}` : ''}`,
    `  channels: SMS ${s.channels.sms}, email ${s.channels.email}`,
  ];
  if (s.sent.length) {
    lines.push('', table(['step', 'channel', 'at', 'status', 'detail'], s.sent.map((r) => [r.id, r.channel, local(r.at, s.timezone), r.status, r.detail ?? ''])));
  }
  return lines.join('\n');
}

export const status: Command = {
  summary: "show a client's phase, next step and what was sent",
  usage: 'aftercare status <workflowId> [--json]',
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const s = await onWorkflow(workflowId, (client) => client.workflow.getHandle(workflowId).query(statusQuery));
    if (values.json) printJson(s);
    else process.stdout.write(`${formatStatus(workflowId, s)}\n`);
  },
};

export const book: Command = {
  summary: "record the client's next appointment",
  usage: 'aftercare book <workflowId> --at <ISO-8601 with offset> [--json]',
  options: { at: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const at = requireString(values, 'at');
    if (!isoInstantSchema.safeParse(at).success) throw new UsageError(`--at must be an ISO-8601 date and time with an offset (got "${at}")`);
    const s = await onWorkflow(workflowId, async (client) => {
      try {
        return await client.workflow.getHandle(workflowId).executeUpdate(recordBookingUpdate, { args: [{ appointmentAt: at }] });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) throw new UsageError(`--at: ${(err.cause as Error | undefined)?.message ?? err.message}`);
        throw err;
      }
    });
    if (values.json) printJson(s);
    else process.stdout.write(`Booking recorded.\n${formatStatus(workflowId, s)}\n`);
  },
};

export const cancel: Command = {
  summary: "stop a client's aftercare messages",
  usage: 'aftercare cancel <workflowId> [--reason <text>] [--json]',
  options: { reason: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const reason = (values.reason as string | undefined) ?? 'cancelled from the command line';
    if (reason.length > 200) throw new UsageError('--reason must be at most 200 characters');
    await onWorkflow(workflowId, (client) => client.workflow.getHandle(workflowId).signal(cancelSignal, { reason }));
    if (values.json) printJson({ workflowId, cancelled: true, reason });
    else process.stdout.write(`Cancelled ${workflowId}: ${reason}\n`);
  },
};

export interface ListRow {
  workflowId: string;
  clinicId: string | null;
  clientRef: string | null;
  sessionNumber: number | null;
  phase: string | null;
  nextStepAt: string | null;
  bookingStatus: string | null;
  /** Addition: 'none', or what stops delivery. */
  deliveryProblem: string | null;
}

/** Lists aftercare workflows from visibility (search attributes), newest first. */
export async function listEnrollments(client: Client, clinicId?: string, limit = 500): Promise<ListRow[]> {
  const query = `WorkflowType = '${WORKFLOW_TYPE}'${clinicId ? ` AND ClinicId = '${clinicId}'` : ''}`;
  const rows: ListRow[] = [];
  for await (const wf of client.workflow.list({ query })) {
    const sa = wf.typedSearchAttributes;
    rows.push({
      workflowId: wf.workflowId,
      clinicId: sa.get(SEARCH_ATTRIBUTES.ClinicId) ?? null,
      clientRef: sa.get(SEARCH_ATTRIBUTES.ClientRef) ?? null,
      sessionNumber: sa.get(SEARCH_ATTRIBUTES.SessionNumber) ?? null,
      phase: sa.get(SEARCH_ATTRIBUTES.AftercarePhase) ?? null,
      nextStepAt: sa.get(SEARCH_ATTRIBUTES.NextStepAt)?.toISOString() ?? null,
      bookingStatus: sa.get(SEARCH_ATTRIBUTES.BookingStatus) ?? null,
      deliveryProblem: sa.get(SEARCH_ATTRIBUTES.DeliveryProblem) ?? null,
    });
    if (rows.length >= limit) break;
  }
  return rows;
}

export const list: Command = {
  summary: 'list enrolled sessions, optionally of one clinic',
  usage: 'aftercare list [--clinic <id>] [--json]',
  options: { clinic: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const clinicId = values.clinic as string | undefined;
    if (clinicId !== undefined && !CLINIC_ID.test(clinicId)) throw new UsageError(`--clinic "${clinicId}" is not a clinic ID (lowercase letters, digits, dashes)`);
    const rows = await withClient((client) => listEnrollments(client, clinicId));
    if (values.json) {
      printJson(rows);
      return;
    }
    if (!rows.length) {
      process.stdout.write(`No enrollments${clinicId ? ` for clinic ${clinicId}` : ''}.\n`);
      return;
    }
    process.stdout.write(
      `${table(
        ['workflow', 'clinic', 'client', 'session', 'phase', 'next step (UTC)', 'booking'],
        rows.map((r) => [r.workflowId, r.clinicId ?? '', r.clientRef ?? '', String(r.sessionNumber ?? ''), r.phase ?? '', r.nextStepAt ?? '-', r.bookingStatus ?? '']),
      )}\n`,
    );
  },
};

/** The running workflows a pause or resume applies to: one by ID, or every one of a clinic. */
async function targets(client: Client, positionals: string[], clinic: string | undefined): Promise<string[]> {
  if (clinic !== undefined && positionals.length) throw new UsageError('give a <workflowId> or --clinic <id>, not both');
  if (clinic === undefined) return [workflowIdArg(positionals)];
  if (!CLINIC_ID.test(clinic)) throw new UsageError(`--clinic "${clinic}" is not a clinic ID (lowercase letters, digits or dashes)`);
  const ids: string[] = [];
  const query = `WorkflowType = '${WORKFLOW_TYPE}' AND ClinicId = '${clinic}' AND ExecutionStatus = 'Running'`;
  for await (const wf of client.workflow.list({ query })) ids.push(wf.workflowId);
  return ids;
}

function holdCommand(kind: 'pause' | 'resume'): Command {
  return {
    summary: kind === 'pause' ? "hold a client's or a whole clinic's messages" : 'release messages held by pause',
    usage: `aftercare ${kind} (<workflowId> | --clinic <id>) [--reason <text>] [--json]`,
    options: { clinic: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values, positionals }) {
      const reason = (values.reason as string | undefined) ?? `${kind === 'pause' ? 'paused' : 'resumed'} from the command line`;
      if (reason.length > 200) throw new UsageError('--reason must be at most 200 characters');
      const clinic = values.clinic as string | undefined;
      const done = await withClient(async (client) => {
        const ids = await targets(client, positionals, clinic);
        const signalled: string[] = [];
        for (const id of ids) {
          try {
            await client.workflow.getHandle(id).signal(kind === 'pause' ? pauseSignal : resumeSignal, { reason });
            signalled.push(id);
          } catch (err) {
            // One that finished meanwhile is no longer to hold; a single named one is an error.
            if (!(err instanceof WorkflowNotFoundError) || clinic === undefined) {
              throw err instanceof WorkflowNotFoundError ? new Error(`no running aftercare workflow with ID ${id}`) : err;
            }
          }
        }
        return signalled;
      });
      if (values.json) printJson({ [kind === 'pause' ? 'paused' : 'resumed']: done, reason });
      else {
        const what = kind === 'pause' ? 'Paused' : 'Resumed';
        process.stdout.write(`${what} ${done.length} aftercare workflow${done.length === 1 ? '' : 's'}${clinic ? ` of clinic ${clinic}` : ''}: ${reason}\n`);
        if (kind === 'pause' && done.length) {
          process.stdout.write('Messages wait until `aftercare resume`; a step whose day passes meanwhile is skipped, never sent late or at night.\n');
        }
      }
    },
  };
}

export const pause = holdCommand('pause');
export const resume = holdCommand('resume');

export const phoneHashCommand: Command = {
  summary: 'print the PhoneHash search attribute of a phone number, to find its client in the Temporal UI',
  usage: 'aftercare phone-hash <+E.164 phone>',
  options: {},
  async run({ positionals }) {
    const phone = positionals[0];
    if (!phone || !E164.test(phone)) throw new UsageError(`<phone> ${E164_HINT}`);
    const key = cliConfig().PHONE_HASH_KEY;
    if (!key) throw new UsageError('PHONE_HASH_KEY is not set (in the environment or .env.local): it is the key enrollments were hashed with');
    const hash = phoneHash(phone, key);
    process.stdout.write(`${hash}\n`);
    if (process.stdout.isTTY) process.stderr.write(`Temporal UI query: PhoneHash = "${hash}"\n`);
  },
};

export const resend: Command = {
  summary: 'send an earlier step to the client again (now, or when the window opens)',
  usage: 'aftercare resend <workflowId> --step <step id> [--channel sms|email] [--reason <text>] [--json]',
  options: { step: { type: 'string' }, channel: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }) {
    const workflowId = workflowIdArg(positionals);
    const step = requireString(values, 'step');
    const channel = values.channel as string | undefined;
    if (channel !== undefined && channel !== 'sms' && channel !== 'email') throw new UsageError('--channel must be sms or email');
    const reason = (values.reason as string | undefined) ?? 'resent from the command line';
    if (reason.length > 200) throw new UsageError('--reason must be at most 200 characters');
    const s = await onWorkflow(workflowId, async (client) => {
      try {
        return await client.workflow
          .getHandle(workflowId)
          .executeUpdate(resendStepUpdate, { args: [{ step: step as StepId, reason, ...(channel ? { channel: channel as 'sms' | 'email' } : {}) }] });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          const message = (err.cause as Error | undefined)?.message ?? err.message;
          throw new UsageError(message.startsWith('step:') || message.startsWith('channel:') ? `--${message}` : message);
        }
        throw err;
      }
    });
    if (values.json) printJson(s);
    else process.stdout.write(`Resend of ${step} queued: it goes now, or when the clinic's window next opens in the client's zone.\n`);
  },
};
