/**
 * Scenario 1: the worker is SIGKILLed again and again while the timeline runs, and restarted each
 * time. Each kill picks one of three moments, at random:
 * - any moment of the worker's life;
 * - just after a step falls due (from the plans), while its sends are being made;
 * - a few milliseconds after a provider receives a send: inside the window between the provider
 *   accepting a message and the worker recording it, which decides "exactly once" against "twice".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dueTimes } from '../expected';
import type { RunContext, Scenario } from '../fault-run';
import { sleep } from '../timing';

export const MIN_WORKER_KILLS = 20;
const MAX_WORKER_KILLS = 40;

/** Resolves true when the provider of `channel` receives a new send, false after `ms`. */
async function nextSend(ctx: RunContext, channel: 'sms' | 'email', ms: number): Promise<boolean> {
  const seen = () => (channel === 'sms' ? ctx.twilio.requests.length : ctx.smtp.envelopes.length);
  const before = seen();
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (seen() !== before) return true;
    await sleep(2);
  }
  return false;
}

export function workerKills(): Scenario {
  return {
    name: 'kills',
    title: 'worker SIGKILLed while sending',
    // A month in 60 s: long enough for 20+ kill-and-restart cycles while steps keep falling due.
    demoSecondsPerDay: 2,
    // Sessions on different days, so that the steps of different clients fall on different days of
    // the month and some send is due most of the time.
    clients: [
      { ref: 'K01', consent: { sms: true, email: true } },
      { ref: 'K02', consent: { sms: true, email: true }, sessionDaysAgo: 1 },
      { ref: 'K03', consent: { sms: true, email: true }, sessionDaysAgo: 2 },
      { ref: 'K04', consent: { sms: true, email: true }, sessionDaysAgo: 3 },
      { ref: 'K05', consent: { sms: true, email: true }, sessionDaysAgo: 4 },
      { ref: 'K06', consent: { sms: true, email: true }, sessionDaysAgo: 6 },
      { ref: 'K07', consent: { sms: true, email: false }, sessionDaysAgo: 2 },
      { ref: 'K08', consent: { sms: false, email: true }, sessionDaysAgo: 5 },
      { ref: 'K09', consent: { sms: true, email: true }, sessionDaysAgo: 7 },
      { ref: 'K10', consent: { sms: true, email: true }, sessionDaysAgo: 3 },
    ],
    async faults(ctx) {
      const kills = ctx.workerKillsAt;
      const due = ctx.clients.flatMap(dueTimes).sort((a, b) => a - b);
      const how = { random: 0, due: 0, sms: 0, email: 0 };
      // Bounded by a kill cap and by time. The kills stop 85 s after enrollment: a send whose attempt
      // dies is retried when its 30 s start-to-close timeout has passed, with backoff (attempts at
      // about +0, +40 and +90 s), and on the demo timeline a send gives up after 2 minutes. Ending
      // the kills before any third attempt means no send can have every attempt killed: what is
      // measured is delivery across crashes, not the demo's 2-minute limit.
      const firstEnrolled = Math.min(...ctx.clients.map((c) => Date.parse(c.input.enrolledAt)));
      const stopBy = Math.min(ctx.deadline - 90_000, firstEnrolled + 85_000);
      while (kills.length < MAX_WORKER_KILLS && Date.now() < stopBy && (kills.length < MIN_WORKER_KILLS || Date.now() < ctx.timelineEnd)) {
        if (!ctx.worker.running()) await ctx.worker.start();
        const pick = ctx.rng.next();
        // No wait runs past stopBy: the last kill falls before it too.
        const upTo = (ms: number) => sleep(Math.max(0, Math.min(ms, stopBy - Date.now())));
        const nextDue = due.find((t) => t > Date.now() + 100);
        // Behind schedule for the minimum number of kills (a restart takes about 2 s): quick kills only.
        const behind = (MIN_WORKER_KILLS - kills.length) * 3_000 > stopBy - Date.now();
        if (!behind && pick < 1 / 3 && nextDue !== undefined && nextDue - Date.now() < 3_000) {
          await upTo(nextDue - Date.now() + ctx.rng.int(0, 400));
          how.due += 1;
        } else if (!behind && pick < 2 / 3) {
          // After a kill, Temporal hands a workflow's next task to the dead worker's sticky queue
          // first (10 s), so the new worker's first sends can take a while to come.
          const channel = ctx.rng.chance(0.5) ? 'sms' : 'email';
          if (await nextSend(ctx, channel, Math.min(8_000, stopBy - Date.now()))) {
            // Mostly within the few milliseconds the worker needs to record what the provider accepted.
            await sleep(ctx.rng.chance(0.6) ? ctx.rng.int(0, 3) : ctx.rng.int(4, 40));
            how[channel] += 1;
          } else {
            how.random += 1; // nothing was sent for a while: a kill at an arbitrary moment
          }
        } else {
          await upTo(ctx.rng.int(100, behind ? 600 : 1_500));
          how.random += 1;
        }
        await ctx.worker.kill();
        kills.push(Date.now());
        await sleep(ctx.rng.int(0, 200));
      }
      if (!ctx.worker.running()) await ctx.worker.start();
      ctx.log(`${kills.length} worker kills in ${Math.round((Date.now() - firstEnrolled) / 1000)} s; the worker now runs until every workflow completes`);
      ctx.notes.push(
        `${kills.length} worker kills: ${how.sms} just after Twilio received a text, ${how.email} just after the SMTP server received an email, ` +
          `${how.due} just after steps fell due, ${how.random} at any moment`,
      );
      if (kills.length < MIN_WORKER_KILLS) ctx.failures.push(`only ${kills.length} worker kills before the deadline (at least ${MIN_WORKER_KILLS} required)`);
    },
    after(ctx) {
      // Context only, never counted: how often the crash windows were met, as the worker saw it.
      const log = readFileSync(path.join(ctx.dir, 'worker.log'), 'utf8');
      const count = (msg: string) => log.split(msg).length - 1;
      ctx.notes.push(
        `the worker's log (a lower bound: lines in flight die with it): ${count('SMS found at the provider after an interrupted attempt')} texts found at Twilio after a killed attempt and not sent again, ` +
          `${count('Email attempt was interrupted earlier')} emails sent again after a killed attempt`,
      );
    },
  };
}
