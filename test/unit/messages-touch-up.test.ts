/** The touch-up reminder's words (domain/messages/touch-up.ts): every language, the care facts, and at most 3 SMS segments whatever is filled in. */
import { LANGUAGES } from '../../domain/i18n';
import { touchUpWorkflowIdFor } from '../../domain/identifiers';
import { renderTouchUp, type TouchUpContext } from '../../domain/messages/touch-up';
import { smsSegments } from '../../domain/sms-encoding';
import { touchUpDueAt } from '../../domain/touch-up-schedule';

const base: TouchUpContext = {
  clientFirstName: 'Jordan',
  clinic: { name: 'Northside Scalp Studio', phone: '+12125554477', bookingUrl: 'https://book.northside.example.com/smp' },
  months: 18,
  clientRegion: 'US',
};

describe('the touch-up reminder', () => {
  it.each(LANGUAGES)('in %s: the email says why (sun and time), what a touch-up does, and how to book; the text fits in 3 segments, GSM-7 only', (locale) => {
    const m = renderTouchUp({ ...base, locale });
    const facts = locale === 'en' ? [/18 months/, /sunlight and time/, /touch-up session/, /factor 50/] : [/18 meses/, /el sol y el tiempo/, /retoque/, /factor 50/];
    for (const fact of facts) expect(m.email.text).toMatch(fact);
    expect(m.email.text).toContain('https://book.northside.example.com/smp');
    expect(m.email.html).toContain('href="https://book.northside.example.com/smp"');
    const seg = smsSegments(m.sms);
    expect(seg.encoding).toBe('GSM-7');
    expect(seg.segments).toBeLessThanOrEqual(3);
    // The opt-out word in the client's language (the webhook knows both: domain/inbound-keywords.ts).
    expect(m.sms).toContain(locale === 'en' ? 'Reply STOP' : 'Responde PARAR');
  });

  it('stays within 3 segments with a long clinic name, a name in another script and a long link, in every language', () => {
    for (const locale of LANGUAGES) {
      const m = renderTouchUp({
        ...base,
        locale,
        clientFirstName: 'Łukasz 😊',
        clinic: { name: 'The Very Long Named Scalp Micropigmentation Studio of Greater Manhattan', phone: '+12125554477', bookingUrl: `https://book.example.com/${'x'.repeat(120)}` },
      });
      expect(smsSegments(m.sms).segments).toBeLessThanOrEqual(3);
    }
  });

  it('one month, singular; a demo is marked; the unsubscribe link closes the email', () => {
    const m = renderTouchUp({ ...base, months: 1, demo: true, unsubscribeUrl: 'https://aftercare.example.com/unsubscribe/t' });
    expect(m.email.text).toContain('It has been 1 month since');
    expect(m.email.subject.startsWith('[DEMO] ')).toBe(true);
    expect(m.sms.startsWith('[DEMO] ')).toBe(true);
    expect(m.email.text.trimEnd().endsWith('https://aftercare.example.com/unsubscribe/t')).toBe(true);
  });
});

describe('touch-up timing and ids', () => {
  it('counts calendar months from the course end, at the send time in the client zone, without drifting past a month-end', () => {
    const timing = { sendTime: '10:00', window: { start: '09:00', end: '20:00' } };
    expect(touchUpDueAt('2026-08-31T15:00:00-04:00', 6, 'America/New_York', timing)).toBe('2027-02-28T15:00:00.000Z');
    expect(touchUpDueAt('2026-08-31T15:00:00-04:00', 12, 'America/New_York', timing)).toBe('2027-08-31T14:00:00.000Z');
  });

  it('names one workflow per client of a clinic', () => {
    expect(touchUpWorkflowIdFor('northside', 'C1042')).toBe('touchup-northside~C1042');
  });
});
