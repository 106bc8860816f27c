/**
 * Scenario 2: the Temporal dev server is SIGKILLed twice mid-timeline (each time just after a
 * provider received a send, when one is on its way) and restarted on the same SQLite file and port.
 * Timers, workflow state and activity attempts live only in that file: the workflows must carry on
 * where they were and nothing may be lost or sent twice. The worker keeps running throughout.
 */
import type { RunContext, Scenario } from '../fault-run';
import { sleep } from '../timing';

async function untilProviderEventOr(ctx: RunContext, ms: number): Promise<void> {
  const seen = () => ctx.twilio.requests.length + ctx.smtp.envelopes.length;
  const before = seen();
  const until = Date.now() + ms;
  while (Date.now() < until && seen() === before) await sleep(2);
}

export function serverRestart(): Scenario {
  return {
    name: 'restart',
    title: 'Temporal dev server SIGKILLed and restarted on the same database',
    demoSecondsPerDay: 2,
    clients: [
      { ref: 'R01', consent: { sms: true, email: true } },
      { ref: 'R02', consent: { sms: true, email: true }, sessionDaysAgo: 2 },
      { ref: 'R03', consent: { sms: true, email: true }, sessionDaysAgo: 4 },
      { ref: 'R04', consent: { sms: true, email: true }, sessionDaysAgo: 1 },
      { ref: 'R05', consent: { sms: true, email: false }, sessionDaysAgo: 3 },
      { ref: 'R06', consent: { sms: false, email: true } },
    ],
    async faults(ctx) {
      const start = Date.now();
      const span = ctx.timelineEnd - start;
      const downtimes: number[] = [];
      // Early-middle and late-middle of the month, so steps are due both before and after each.
      for (const [from, to] of [
        [0.2, 0.35],
        [0.55, 0.7],
      ] as const) {
        const at = start + span * (from + ctx.rng.next() * (to - from));
        await sleep(Math.max(0, at - Date.now()));
        await untilProviderEventOr(ctx, 2_000);
        await sleep(ctx.rng.int(0, 20));
        await ctx.server.kill();
        ctx.serverRestarts += 1;
        const down = ctx.rng.int(1_500, 5_000);
        await sleep(down);
        const restartAt = Date.now();
        await ctx.server.start();
        downtimes.push(Date.now() - restartAt + down);
        ctx.log(`dev server restarted (${ctx.serverRestarts})`);
      }
      ctx.notes.push(`dev server down ${downtimes.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(' and ')}, restarted on the same SQLite file and port`);
      if (ctx.worker.unexpectedExits) ctx.notes.push(`the worker exited on its own ${ctx.worker.unexpectedExits} time(s) while the server was down`);
    },
  };
}
