/**
 * The unsubscribe link's token: it names the address (by EmailHash) and the clinic, reads back only
 * exactly as signed under our key, and carries nothing personal.
 */
import { createHmac } from 'node:crypto';
import { emailHash } from '../../app/email-hash';
import { phoneHash } from '../../app/phone-hash';
import { readUnsubscribeToken, unsubscribeToken, unsubscribeUrl } from '../../app/unsubscribe-token';

const KEY = 'phone-hash-key-for-tests-0123';
const subject = { clinicId: 'northside', emailHash: emailHash('Jordan@Example.com', KEY) };

describe('EmailHash', () => {
  it('is the same for an address in any case and with spaces around, and differs per address and key', () => {
    expect(emailHash(' jordan@example.COM ', KEY)).toBe(subject.emailHash);
    expect(subject.emailHash).toMatch(/^[0-9a-f]{32}$/);
    expect(emailHash('jordan2@example.com', KEY)).not.toBe(subject.emailHash);
    expect(emailHash('jordan@example.com', `${KEY}x`)).not.toBe(subject.emailHash);
  });

  it('leaves the PhoneHash of enrolled clients as it was (HMAC of the digits under the key itself)', () => {
    expect(phoneHash('+1 212 555 4477', KEY)).toBe(createHmac('sha256', KEY).update('+12125554477').digest('hex').slice(0, 32));
  });
});

describe('the unsubscribe token', () => {
  const token = unsubscribeToken(subject, KEY);

  it('reads back as signed, and says nothing personal', () => {
    expect(readUnsubscribeToken(token, KEY)).toEqual(subject);
    expect(token).not.toMatch(/jordan|example/i);
    expect(unsubscribeUrl('https://aftercare.example.com/', KEY, { to: 'jordan@example.com', clinicId: 'northside' })).toBe(`https://aftercare.example.com/unsubscribe/${token}`);
  });

  it('is refused when any character is changed, when cut or extended, and under another key', () => {
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
    for (let i = 0; i < token.length; i++) {
      for (const c of [alphabet[(alphabet.indexOf(token[i]!) + 1) % alphabet.length]!, 'A', '0']) {
        if (c === token[i]) continue;
        const altered = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
        expect([altered, readUnsubscribeToken(altered, KEY)]).toEqual([altered, undefined]);
      }
    }
    for (const bad of [token.slice(0, -1), `${token}A`, '', 'northside', `southbank.${subject.emailHash}.${token.split('.')[2]}`]) expect(readUnsubscribeToken(bad, KEY)).toBeUndefined();
    expect(readUnsubscribeToken(token, `${KEY}x`)).toBeUndefined();
  });
});
