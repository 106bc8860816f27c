/**
 * The grantConsent validator on a run that has stopped but not yet closed (a cancel or supersede
 * just handled): the one refusal the workflow tests cannot catch live, since such a run closes in
 * the same workflow task. The other refusals are shown on the server (test/workflow/consent.test.ts).
 */
import { validateConsent, type RunFacts } from '../../workflows/update-validators';
import { refusalOf } from '../../workflows/validation';

const run = (stopped?: { phase: string }): RunFacts => ({
  stopped,
  sessionPerformedAt: new Date(Date.now() - 3_600_000).toISOString(),
  channels: { sms: 'none', email: 'active' },
  done: new Set(['welcome']),
  plannedAt: () => undefined,
  contactFor: (channel) => (channel === 'sms' ? '+12125554477' : 'jordan@example.com'),
});
const grant = { channel: 'sms', text: 'I agree to aftercare texts.', at: new Date().toISOString() };

function refusal(facts: RunFacts, arg: unknown) {
  try {
    validateConsent(facts, arg as Parameters<typeof validateConsent>[1]);
  } catch (err) {
    return refusalOf(err);
  }
  return undefined;
}

describe('grantConsent on a stopped run', () => {
  it('is refused as ended (409 at the API, exit 2 at the CLI), before any field is looked at', () => {
    for (const phase of ['cancelled', 'superseded']) {
      const ended = { kind: 'ended', issue: { path: 'workflowId', message: `this aftercare plan is ${phase}` } };
      expect(refusal(run({ phase }), grant)).toEqual(ended);
      expect(refusal(run({ phase }), { channel: 'fax' })).toEqual(ended);
    }
    // The same consent on a running run is taken.
    expect(refusal(run(), grant)).toBeUndefined();
  });
});
