import { acknowledgement, helpAnswer, URGENT_ANSWER_WITHOUT_CLINIC } from '../../domain/messages';
import { isGsm7 } from '../../domain/sms-encoding';

const clinic = { name: 'Northside Scalp Studio', phone: '+13125550142' };

describe("the webhook's answers to a text", () => {
  it("HELP names the clinic, its phone as the texter dials it, and STOP/START", () => {
    expect(helpAnswer(clinic, 'US')).toBe(
      'Northside Scalp Studio: aftercare texts after your treatment. Questions or to book, call (312) 555-0142. Reply STOP to stop these texts, START to get them again.',
    );
    expect(helpAnswer(clinic, 'GB')).toContain('call +1 312 555 0142.');
    expect(helpAnswer(undefined, 'US')).toMatch(/^Aftercare texts from your clinic.*STOP.*START/);
  });

  it('BOOK is told the clinic will find a time; any other text that the clinic has it', () => {
    expect(acknowledgement('wants-to-book', clinic, 'US')).toMatch(/^Thanks! We've told Northside Scalp Studio you'd like to book; .*call \(312\) 555-0142\.$/);
    expect(acknowledgement('message', clinic, 'US')).toMatch(/^Thanks, Northside Scalp Studio has your message.*call \(312\) 555-0142\.$/);
    expect(acknowledgement('message', undefined, undefined)).toBe('Thanks, your clinic has your message and will get back to you if needed.');
  });

  it('every answer is plain GSM-7 and the urgent one sends the client to medical care', () => {
    for (const text of [helpAnswer(clinic, 'US'), acknowledgement('wants-to-book', clinic, 'US'), acknowledgement('message', clinic, 'US'), URGENT_ANSWER_WITHOUT_CLINIC]) {
      expect(isGsm7(text)).toBe(true);
    }
    expect(URGENT_ANSWER_WITHOUT_CLINIC).toMatch(/medical care now/);
  });
});
