/**
 * Scenario 4: permanent provider errors. Twilio refuses some numbers for good (21211 invalid number,
 * 21610 unsubscribed) and the SMTP server some addresses (550 on RCPT TO). What the workflow does
 * (workflows/aftercare.ts): a permanent failure switches that channel off for the step and the rest
 * of the plan, so a client with email gets every step by email; a client left with no channel is
 * reported to the clinic once ("unreachable"), and one whose number or address is wrong while the
 * other channel works gets a "please check" notice to the clinic. Expected messages follow from those rules
 * (expected.ts); here, in addition, each refused number and address was tried exactly once.
 */
import { TWILIO_PERMANENT } from '../fault-clients';
import type { Scenario } from '../fault-run';

export function permanentErrors(): Scenario {
  return {
    name: 'permanent',
    title: 'permanent errors: refused numbers and addresses',
    demoSecondsPerDay: 1,
    clients: [
      { ref: 'P01', consent: { sms: true, email: true } },
      // Falls back to email for every step.
      { ref: 'P02', consent: { sms: true, email: true }, smsRejectedWith: TWILIO_PERMANENT.invalidNumber },
      // SMS only, unsubscribed: nothing left, the clinic is told.
      { ref: 'P03', consent: { sms: true, email: false }, smsRejectedWith: TWILIO_PERMANENT.unsubscribed },
      // Both refused: the clinic is told.
      { ref: 'P04', consent: { sms: true, email: true }, smsRejectedWith: TWILIO_PERMANENT.invalidNumber, emailRejected: true },
      // Email only, refused: the clinic is told.
      { ref: 'P05', consent: { sms: false, email: true }, emailRejected: true },
      { ref: 'P06', consent: { sms: true, email: false } },
    ],
    faults(ctx) {
      // The faults are in place before enrollment (see the specs); nothing to do while the month runs.
      const refused = ctx.clients.flatMap((c) => [
        ...(c.spec.smsRejectedWith ? [`${c.spec.ref} number (${c.spec.smsRejectedWith.code})`] : []),
        ...(c.spec.emailRejected ? [`${c.spec.ref} address (550)`] : []),
      ]);
      ctx.notes.push(`refused for good: ${refused.join(', ')}`);
      return Promise.resolve();
    },
    after(ctx) {
      for (const c of ctx.clients) {
        const ref = c.spec.ref;
        if (c.spec.smsRejectedWith) {
          const tries = ctx.twilio.requests.filter((r) => r.to === c.phone);
          const code = c.spec.smsRejectedWith.code;
          if (tries.length !== 1 || tries[0]?.code !== code) {
            ctx.failures.push(`${ref}: Twilio got ${tries.length} texts for a number it refuses (${code}); expected exactly one, then no more by SMS`);
          }
        }
      }
      const refusedAddresses = ctx.clients.filter((c) => c.spec.emailRejected).length;
      if (ctx.smtp.rejectedRecipients !== refusedAddresses) {
        ctx.failures.push(`the SMTP server refused ${ctx.smtp.rejectedRecipients} recipients; expected ${refusedAddresses}: one attempt per refused address, then no more email`);
      }
      const unreachable = ctx.clients.filter((c) => {
        const sms = c.spec.consent.sms && !c.spec.smsRejectedWith;
        const email = c.spec.consent.email && !c.spec.emailRejected;
        return !sms && !email;
      });
      ctx.notes.push(
        `each refused number and address tried once; ${unreachable.map((c) => c.spec.ref).join(', ')} reported to the clinic as unreachable; ` +
          "the others' steps went by the channel left, and the clinic was asked to check a wrong number or address",
      );
    },
  };
}
