/** `aftercare enroll --file` and `aftercare demo`. */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { printJson, requireString, UsageError, type Command } from '../kit';
import { cliClinics, cliConfig, withClient } from '../context';
import { EnrollmentError } from '../../app/enrollment-schema';
import { AlreadyEnrolledError, enroll as enrollClient, UnknownClinicError, type EnrollmentResult } from '../../app/enrollment-service';
import { planTable } from './preview';

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--file ${file}: not valid JSON (${(err as Error).message})`);
  }
}

async function enrollOrExplain(body: unknown, demoSecondsPerDay?: number): Promise<EnrollmentResult> {
  const clinics = cliClinics();
  try {
    const phoneHashKey = cliConfig().PHONE_HASH_KEY;
    return await withClient((client) =>
      enrollClient({
        client,
        clinics,
        body,
        now: new Date(),
        ...(phoneHashKey ? { phoneHashKey } : {}),
        ...(demoSecondsPerDay ? { demoSecondsPerDay } : {}),
      }),
    );
  } catch (err) {
    if (err instanceof EnrollmentError) {
      const first = err.issues[0];
      const more = err.issues.length > 1 ? ` (and ${err.issues.length - 1} more: ${err.issues.slice(1).map((i) => i.path).join(', ')})` : '';
      throw new UsageError(`${first?.path}: ${first?.message}${more}`);
    }
    if (err instanceof UnknownClinicError) throw new UsageError(err.message);
    if (err instanceof AlreadyEnrolledError) throw new UsageError(`${err.message} (use \`aftercare status ${err.workflowId}\`)`);
    throw err;
  }
}

function printEnrollment(result: EnrollmentResult, zone: string, json: boolean): void {
  if (json) {
    printJson(result);
    return;
  }
  process.stdout.write(`Enrolled: ${result.workflowId}\n\n${planTable(result.plan, zone)}\n\nFollow it with: npx aftercare status ${result.workflowId}\n`);
}

export const enroll: Command = {
  summary: 'enroll a client after a session, from a JSON file (the HTTP body)',
  usage: 'aftercare enroll --file <enrollment.json> [--performed-at <ISO-8601 with offset>|now] [--json]',
  options: { file: { type: 'string' }, 'performed-at': { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const body = readJsonFile(requireString(values, 'file'));
    const performedAt = values['performed-at'] as string | undefined;
    if (performedAt !== undefined) {
      // Lets a newcomer reuse the example file on any day: "now" is a session that just ended.
      const session = (body as { session?: Record<string, unknown> }).session;
      if (!session || typeof session !== 'object') throw new UsageError('--performed-at: the file has no "session" object to apply it to');
      session.performedAt = performedAt === 'now' ? DateTime.now().toISO({ suppressMilliseconds: true }) : performedAt;
    }
    const result = await enrollOrExplain(body);
    const zone = (body as { client?: { timezone?: string } }).client?.timezone ?? 'UTC';
    printEnrollment(result, zone, Boolean(values.json));
  },
};

export const demo: Command = {
  summary: 'DEMO: run one whole timeline compressed (a day every few seconds) for a fictional client',
  usage: 'aftercare demo [--clinic <id>] [--seconds-per-day <n>] [--phone <E.164>] [--email <address>] [--json]',
  options: {
    clinic: { type: 'string' },
    'seconds-per-day': { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const clinics = cliClinics();
    const clinicId = (values.clinic as string | undefined) ?? [...clinics.keys()][0];
    if (!clinicId || !clinics.has(clinicId)) throw new UsageError(`--clinic: unknown clinic "${clinicId ?? ''}" (not in CLINICS_FILE)`);
    const raw = (values['seconds-per-day'] as string | undefined) ?? '5';
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 3600) throw new UsageError('--seconds-per-day must be a whole number from 1 to 3600');
    const secondsPerDay = Number(raw);
    const zone = 'America/New_York';
    // The session is "now" in the client's zone so the demo runs through every phase from day 0.
    const body = {
      clinicId,
      clientRef: `demo-${DateTime.now().toFormat('yyyyLLddHHmmss')}`,
      client: {
        firstName: 'Demo',
        phone: (values.phone as string | undefined) ?? '+15550100199',
        email: (values.email as string | undefined) ?? 'demo.client@example.com',
        timezone: zone,
        consent: { sms: true, email: true },
      },
      session: { number: 1, performedAt: DateTime.now().setZone(zone).toISO({ suppressMilliseconds: true }) },
    };
    const result = await enrollOrExplain(body, secondsPerDay);
    if (values.json) {
      printJson({ ...result, demo: { secondsPerDay } });
      return;
    }
    const minutes = Math.ceil((31 * secondsPerDay) / 60);
    process.stdout.write(
      `*** DEMO: one day of the timeline lasts ${secondsPerDay} s; the whole month takes about ${minutes} min. ***\n` +
        `*** Messages are marked [DEMO]. This is never what real clients get.                      ***\n\n`,
    );
    printEnrollment(result, zone, false);
  },
};
