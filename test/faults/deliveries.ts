/**
 * What the providers saw, and nothing else: the Twilio stand-in's accepted messages and the SMTP
 * sink's accepted mail, each traced back to (workflow, step, channel).
 * - A text is identified by its status-callback URL (`?wf=...&step=...`), which the worker sets on
 *   every send when PUBLIC_BASE_URL is set, and checked against the client's number.
 * - An email by its X-Aftercare-Workflow/-Step/-Channel headers, and checked against the envelope
 *   recipient (the client's address, or the clinic's for a clinic notice).
 * Anything that cannot be traced, or went to the wrong recipient, is listed as unidentified.
 */
import type { SmtpSink } from '../../dev/smtp-sink';
import type { TwilioStandIn } from '../../dev/twilio-stand-in';
import { STEP_IDS, type StepId } from '../../domain/steps';
import type { EnrolledClient } from './fault-clients';
import { keyText, type FaultChannel, type MessageKey } from './expected';

export interface Copy {
  receivedAt: number;
  /** Email only: the Message-ID, the same on every attempt of one send. */
  messageId?: string;
  /** Clinic emails: the subject, to tell the notice kinds apart. */
  subject?: string;
}

export interface Deliveries {
  /** keyText(key) -> every copy that arrived, in arrival order. */
  copies: Map<string, { key: MessageKey; copies: Copy[] }>;
  /** Messages that could not be traced to a send of this run, or went to someone else. */
  unidentified: string[];
}

const isStep = (s: string | null | undefined): s is StepId => typeof s === 'string' && (STEP_IDS as readonly string[]).includes(s);

function header(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function collectDeliveries(opts: { twilio: TwilioStandIn; smtp: SmtpSink; clients: EnrolledClient[]; clinicEmail: string }): Deliveries {
  const byWorkflow = new Map(opts.clients.map((c) => [c.workflowId, c]));
  const copies = new Map<string, { key: MessageKey; copies: Copy[] }>();
  const unidentified: string[] = [];
  const add = (key: MessageKey, copy: Copy) => {
    const text = keyText(key);
    const entry = copies.get(text) ?? { key, copies: [] };
    entry.copies.push(copy);
    copies.set(text, entry);
  };

  for (const [i, m] of opts.twilio.messages.entries()) {
    let wf: string | null = null;
    let step: string | null = null;
    try {
      const url = new URL(m.statusCallback ?? '');
      wf = url.searchParams.get('wf');
      step = url.searchParams.get('step');
    } catch {
      // no callback URL: unidentified below
    }
    const client = wf ? byWorkflow.get(wf) : undefined;
    if (!client || !isStep(step) || m.to !== client.phone) {
      unidentified.push(`SMS #${i + 1}${client && m.to !== client.phone ? ' (to another number)' : ''}`);
      continue;
    }
    add({ workflowId: client.workflowId, step, channel: 'sms' }, { receivedAt: m.dateCreated.getTime() });
  }

  for (const [i, mail] of opts.smtp.messages.entries()) {
    const envelope = opts.smtp.envelopes[i];
    const wf = header(mail.headers.get('x-aftercare-workflow'));
    const step = header(mail.headers.get('x-aftercare-step'));
    const channel = header(mail.headers.get('x-aftercare-channel')) as FaultChannel | undefined;
    const client = wf ? byWorkflow.get(wf) : undefined;
    const recipient = channel === 'clinic' ? opts.clinicEmail : client?.email;
    const to = envelope?.to ?? [];
    if (!client || !isStep(step) || (channel !== 'email' && channel !== 'clinic') || to.length !== 1 || to[0] !== recipient) {
      unidentified.push(`email #${i + 1}${client && to[0] !== recipient ? ' (to another address)' : ''}`);
      continue;
    }
    add(
      { workflowId: client.workflowId, step, channel },
      {
        receivedAt: opts.smtp.receivedAt[i]?.getTime() ?? 0,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
        ...(channel === 'clinic' && mail.subject ? { subject: mail.subject } : {}),
      },
    );
  }
  return { copies, unidentified };
}
