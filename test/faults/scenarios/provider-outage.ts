/**
 * Scenario 3: the providers fail for a while, twice.
 * - Twilio: every request (send or lookup) answers 500 and 429 in turn, for 12 s from the start
 *   and for 6 s in the middle of the month.
 * - SMTP: the port refuses connections (nothing listening) for 8 s from the start, then the next
 *   connections get a 421 greeting; in the middle of the month the next messages get 451.
 * Everything must arrive once the providers recover, each exactly once. The failed attempts the
 * providers answered are reported: they are the retries, and their small number the backoff.
 */
import type { Scenario } from '../fault-run';
import { sleep } from '../timing';

const FIRST_TWILIO_OUTAGE_MS = 12_000;
const SMTP_DOWN_MS = 8_000;
const SECOND_TWILIO_OUTAGE_MS = 6_000;

export function providerOutage(): Scenario {
  return {
    name: 'outage',
    title: 'Twilio answers 500/429 and SMTP refuses connections for a while',
    demoSecondsPerDay: 1,
    clients: [
      { ref: 'O01', consent: { sms: true, email: true } },
      { ref: 'O02', consent: { sms: true, email: true } },
      { ref: 'O03', consent: { sms: true, email: true } },
      { ref: 'O04', consent: { sms: true, email: true } },
      { ref: 'O05', consent: { sms: true, email: false } },
      { ref: 'O06', consent: { sms: false, email: true } },
    ],
    async faults(ctx) {
      const start = Date.now();
      // The welcomes are already on their way: both outages begin at once.
      ctx.twilio.outageFor(FIRST_TWILIO_OUTAGE_MS, [500, 429]);
      await ctx.smtp.stopListening();
      await sleep(SMTP_DOWN_MS);
      await ctx.smtp.listenAgain();
      ctx.smtp.refuseConnectionsFor(6);
      const middle = start + (ctx.timelineEnd - start) / 2;
      await sleep(Math.max(0, middle - Date.now()));
      ctx.twilio.outageFor(SECOND_TWILIO_OUTAGE_MS, [503, 429]);
      ctx.smtp.failNext(6);
      await sleep(SECOND_TWILIO_OUTAGE_MS);
      ctx.notes.push(
        `Twilio down ${FIRST_TWILIO_OUTAGE_MS / 1000} s + ${SECOND_TWILIO_OUTAGE_MS / 1000} s; SMTP refusing connections ${SMTP_DOWN_MS / 1000} s, then 421 and 451 answers`,
      );
    },
    after(ctx) {
      const texts = ctx.twilio.messages.length;
      ctx.notes.push(`failed attempts seen by the providers: Twilio ${ctx.twilio.failures} (500/503/429), SMTP ${ctx.smtp.failures} (421/451; refused connections never reach it)`);
      if (ctx.twilio.failures === 0) ctx.failures.push('Twilio saw no failed attempt: the outage did not meet any send');
      if (ctx.smtp.failures === 0) ctx.failures.push('the SMTP server saw no failed attempt: the outage did not meet any send');
      // Backoff, not a hot loop: a few attempts per text over the outage, never hundreds.
      if (ctx.twilio.failures > 4 * Math.max(texts, 1)) ctx.failures.push(`Twilio saw ${ctx.twilio.failures} failed attempts for ${texts} texts: retries without backoff?`);
    },
  };
}
