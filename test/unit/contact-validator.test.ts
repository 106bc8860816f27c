/**
 * The updateContact validator (workflows/update-validators.ts): a new phone must be a number in use
 * (domain/phone.ts), as at enrolment; the refusal names `phone` and the reason, and the update is
 * never accepted (so nothing of it reaches the history).
 */
import { validateContact, type RunFacts } from '../../workflows/update-validators';
import { refusalOf } from '../../workflows/validation';

const run: RunFacts = {
  stopped: undefined,
  sessionPerformedAt: new Date(Date.now() - 3_600_000).toISOString(),
  channels: { sms: 'active', email: 'active' },
  done: new Set(['welcome']),
  plannedAt: () => undefined,
  contactFor: (channel) => (channel === 'sms' ? '+12125554477' : 'jordan@example.com'),
};

function refusal(arg: unknown) {
  try {
    validateContact(run, arg as Parameters<typeof validateContact>[1]);
  } catch (err) {
    return refusalOf(err);
  }
  return undefined;
}

describe('updateContact: the new phone', () => {
  it('refuses a number of E.164 shape that does not exist, naming phone and the reason', () => {
    expect(refusal({ phone: '+999999999999999', phoneHash: 'h' })).toEqual({
      kind: 'invalid',
      issue: { path: 'phone', message: expect.stringMatching(/^starts with a country code no country uses/) },
    });
    expect(refusal({ phone: '+15550104477', phoneHash: 'h' })?.issue).toEqual({ path: 'phone', message: expect.stringMatching(/check the area code/) });
  });

  it('refuses what is not in E.164 form, or not text', () => {
    expect(refusal({ phone: '212-555-0147', phoneHash: 'h' })?.issue).toEqual({ path: 'phone', message: expect.stringMatching(/E\.164/) });
    expect(refusal({ phone: 12125550147, phoneHash: 'h' })?.issue).toEqual({ path: 'phone', message: expect.stringMatching(/E\.164/) });
  });

  it('takes a number in use', () => {
    expect(refusal({ phone: '+12125550147', phoneHash: 'h' })).toBeUndefined();
  });
});
