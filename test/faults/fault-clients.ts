/**
 * The fictional clinic and clients of a fault run, enrolled through the production path
 * (`parseEnrollment` -> `toWorkflowInput` -> `startAftercare`) on the compressed demo timeline.
 *
 * Clients are spread over zones where the clinic's window is open right now, so each welcome goes
 * at once and, because each zone's send time is a different instant, the later steps of different
 * clients do not all fall at the same moment: sends are in flight often, not in a few bursts.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { parseEnrollment } from '../../app/enrollment-schema';
import { startAftercare, toWorkflowInput } from '../../app/enrollment-service';
import { minutesOfDay } from '../../domain/window';
import { loadClinics } from '../../platform/clinics';
import { ZONES } from '../../dev/zones';
import type { AftercareInput, ClinicProfile } from '../../workflows/contract';

export const CLINIC_ID = 'faultlab';

const CLINIC_FILE_CONTENT = {
  [CLINIC_ID]: {
    name: 'Fault Lab Scalp Studio',
    phone: '+12125559999',
    email: 'frontdesk@faultlab.example.com',
    bookingUrl: 'https://faultlab.example.com/book',
    sendTime: '10:00',
    window: '08:00-21:00',
    plannedSessions: 3,
  },
};

/**
 * Writes the clinics file (for the worker's CLINICS_FILE too) and returns the fault clinic. Its
 * texts go on the clinic's own queue at `smsRatePerSecond` (high by default, so no scenario waits on it).
 */
export function writeClinicsFile(dir: string, smsRatePerSecond = 1000): { file: string; clinic: ClinicProfile } {
  const file = path.join(dir, 'clinics.json');
  const content = Object.fromEntries(Object.entries(CLINIC_FILE_CONTENT).map(([id, c]) => [id, { ...c, sms: { ratePerSecond: smsRatePerSecond } }]));
  writeFileSync(file, `${JSON.stringify(content, null, 2)}\n`);
  const clinic = loadClinics(file).get(CLINIC_ID);
  if (!clinic) throw new Error('the fault clinic is missing from its own clinics file');
  return { file, clinic };
}

/** Twilio's permanent errors the scenarios use. */
export const TWILIO_PERMANENT = {
  invalidNumber: { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
  unsubscribed: { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' },
} as const;

export interface ClientSpec {
  /** The clinic's client reference, e.g. "K03". */
  ref: string;
  consent: { sms: boolean; email: boolean };
  /** Twilio answers every text to this client's number with this permanent error. */
  smsRejectedWith?: (typeof TWILIO_PERMANENT)[keyof typeof TWILIO_PERMANENT];
  /** The SMTP server refuses this client's address (550 on RCPT TO). */
  emailRejected?: boolean;
  /**
   * The session was this many days ago (default 0: just now). The steps already due are skipped, as
   * for any late enrollment, and the rest fall on other days than other clients' steps.
   */
  sessionDaysAgo?: number;
}

export interface EnrolledClient {
  spec: ClientSpec;
  workflowId: string;
  input: AftercareInput;
  phone: string;
  email: string;
}


/** Zones where the window is open now, with an hour to spare, so every welcome goes at once. */
export function openZones(clinic: ClinicProfile, now: Date): string[] {
  const open = ZONES.filter((zone) => {
    const local = DateTime.fromJSDate(now).setZone(zone);
    const minutes = local.hour * 60 + local.minute;
    return minutes >= minutesOfDay(clinic.window.start) && minutes < minutesOfDay(clinic.window.end) - 60;
  });
  return open.length ? open : ['UTC'];
}

/** Fictional contact details: 555-01xx numbers and example.com addresses, never real ones. */
function contactOf(index: number, ref: string): { phone: string; email: string } {
  return { phone: `+1212555${String(1000 + index).slice(-4)}`, email: `${ref.toLowerCase()}@clients.faultlab.example.com` };
}

/**
 * Enrolls each client (session 1 of 3, performed just now or `sessionDaysAgo`) with one day lasting
 * `demoSecondsPerDay` seconds; `prepare` runs first, so a provider can be told which number or
 * address to reject before anything is sent to it.
 */
export async function enrollClients(opts: {
  client: Client;
  clinic: ClinicProfile;
  specs: ClientSpec[];
  demoSecondsPerDay: number;
  prepare?: (c: { spec: ClientSpec; phone: string; email: string }) => void;
}): Promise<EnrolledClient[]> {
  const now = new Date();
  const zones = openZones(opts.clinic, now);
  const enrolled: EnrolledClient[] = [];
  for (const [index, spec] of opts.specs.entries()) {
    const zone = zones[index % zones.length]!;
    const { phone, email } = contactOf(index, spec.ref);
    opts.prepare?.({ spec, phone, email });
    const body = {
      clinicId: opts.clinic.id,
      clientRef: spec.ref,
      client: {
        firstName: `Tester${String.fromCharCode(65 + (index % 26))}`,
        ...(spec.consent.sms ? { phone } : {}),
        ...(spec.consent.email ? { email } : {}),
        timezone: zone,
        consent: spec.consent,
      },
      session: {
        number: 1,
        performedAt: DateTime.now()
          .setZone(zone)
          .minus({ days: spec.sessionDaysAgo ?? 0 })
          .toISO({ suppressMilliseconds: true }),
      },
    };
    const enrolledAt = new Date();
    const input = toWorkflowInput(parseEnrollment(body, enrolledAt), opts.clinic, enrolledAt, { demoSecondsPerDay: opts.demoSecondsPerDay });
    const { workflowId } = await startAftercare(opts.client, input);
    enrolled.push({ spec, workflowId, input, phone, email });
  }
  return enrolled;
}
