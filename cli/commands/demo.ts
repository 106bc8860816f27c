/**
 * `aftercare demo`: DEMO ONLY, one whole timeline compressed (a day every few seconds) for a
 * fictional client. With `--touch-up`, the session is the course's last: after its timeline the
 * touch-up reminders follow, a month of their wait lasting as long as a day of the timeline.
 */
import { DateTime } from 'luxon';
import { withClinics } from '../context';
import { enrollBody, printEnrollment } from '../enrollment';
import { printJson, UsageError, type Command } from '../kit';

export const demo: Command = {
  summary: 'DEMO: run one whole timeline compressed (a day every few seconds) for a fictional client',
  usage: 'aftercare demo [--clinic <id>] [--seconds-per-day <n>] [--touch-up] [--phone <E.164>] [--email <address>] [--json]',
  options: {
    clinic: { type: 'string' },
    'seconds-per-day': { type: 'string' },
    phone: { type: 'string' },
    email: { type: 'string' },
    'touch-up': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const active = (await withClinics((clinics) => clinics.list())).filter((c) => c.active);
    const clinicId = (values.clinic as string | undefined) ?? active[0]?.id;
    if (!clinicId || !active.some((c) => c.id === clinicId)) {
      throw new UsageError(`--clinic: no active clinic "${clinicId ?? ''}" (active: ${active.map((c) => c.id).join(', ') || 'none'}; see \`aftercare clinic list\`)`);
    }
    const raw = (values['seconds-per-day'] as string | undefined) ?? '5';
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 3600) throw new UsageError('--seconds-per-day must be a whole number from 1 to 3600');
    const secondsPerDay = Number(raw);
    const zone = 'America/New_York';
    const clinic = active.find((c) => c.id === clinicId)!;
    // The course's last session (session N of N): its end starts the touch-up reminders.
    const touchUp = values['touch-up'] === true;
    const session = touchUp ? { number: clinic.plannedSessions, plannedSessions: clinic.plannedSessions } : { number: 1 };
    // The session is "now" in the client's zone so the demo runs through every phase from day 0.
    const body = {
      clinicId,
      clientRef: `demo-${DateTime.now().toFormat('yyyyLLddHHmmss')}`,
      client: {
        firstName: 'Demo',
        phone: (values.phone as string | undefined) ?? '+12125550199',
        email: (values.email as string | undefined) ?? 'demo.client@example.com',
        timezone: zone,
        consent: { sms: true, email: true },
      },
      session: { ...session, performedAt: DateTime.now().setZone(zone).toISO({ suppressMilliseconds: true }) },
    };
    const result = await enrollBody(body, secondsPerDay);
    if (values.json) {
      printJson({ ...result, demo: { secondsPerDay, ...(touchUp ? { touchUpSecondsPerMonth: secondsPerDay, touchUpIntervalMonths: clinic.touchUpIntervalMonths } : {}) } });
      return;
    }
    const minutes = Math.ceil((31 * secondsPerDay) / 60);
    process.stdout.write(
      `*** DEMO: one day of the timeline lasts ${secondsPerDay} s; the whole month takes about ${minutes} min. ***\n` +
        `*** Messages are marked [DEMO]. This is never what real clients get.                      ***\n\n`,
    );
    if (touchUp) {
      const wait = Math.ceil((clinic.touchUpIntervalMonths * secondsPerDay) / 60);
      process.stdout.write(
        `This is session ${session.number} of ${clinic.plannedSessions}, the course's last. When its timeline ends, touch-up reminders\n` +
          `follow every ${clinic.touchUpIntervalMonths} months, a month lasting ${secondsPerDay} s: the first about ${wait} min after that.\n` +
          `Follow them with: npx aftercare touch-ups show ${clinicId} ${body.clientRef}\n\n`,
      );
    }
    printEnrollment(result, zone, false);
  },
};
