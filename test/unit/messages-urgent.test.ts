/**
 * The words an urgent reply sets off: the client's answer at once (text or email), the clinic's
 * alert text and its alert email. None may judge what the client has.
 */
import { renderClinicNotice, urgentClientReply, urgentClientReplyEmail, urgentClinicAlertSms, type ClinicNoticeContext } from '../../domain/messages';
import { isGsm7, smsSegments } from '../../domain/sms-encoding';

const CLINIC = { name: 'Northside Scalp Micropigmentation Studio', phone: '+12125550147', bookingUrl: 'https://book.example-clinic.com/northside' };

/** Words that would tell the client what they have, or that it is nothing to worry about. */
const DIAGNOSIS =
  /infect|allerg|reaction|inflam|abscess|cellulitis|sepsis|normal|nothing to worry|don't worry|not serious|fine|heal|expected|common|antibiotic|ointment|cream/i;

describe('the client answer to an urgent reply', () => {
  const cases: [string, Parameters<typeof urgentClientReply>[0]][] = [
    ['long plain values', { clinic: CLINIC, clientFirstName: 'Maximiliano-Alexander', clientRegion: 'US-FL' }],
    ['no first name (a number no plan knows)', { clinic: CLINIC }],
    ['demo', { clinic: CLINIC, clientFirstName: 'Alex', demo: true }],
    ['a client abroad', { clinic: CLINIC, clientFirstName: 'Alex', clientRegion: 'GB' }],
  ];

  it.each(cases)('%s: plain GSM-7 in at most 2 segments, says the clinic will be in touch today and when to get care now', (_label, ctx) => {
    const sms = urgentClientReply(ctx);
    expect(isGsm7(sms)).toBe(true);
    expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
    expect(sms).toMatch(/in touch (with you )?today/i);
    expect(sms).toMatch(/getting worse or you feel unwell/i);
    expect(sms).toMatch(/medical care now/i);
    expect(sms).toContain(CLINIC.name);
    expect(sms).not.toMatch(DIAGNOSIS);
    expect(sms).not.toContain(CLINIC.phone); // never raw E.164
  });

  it('greets the client by first name when there is one, and no one otherwise', () => {
    expect(urgentClientReply({ clinic: CLINIC, clientFirstName: 'Alex' })).toMatch(/^Northside Scalp Micropigmentation Studio: Hi Alex! /);
    expect(urgentClientReply({ clinic: CLINIC, clientFirstName: ' ' })).not.toMatch(/Hi\b/);
  });

  it("writes the clinic's phone as the client dials it: nationally at home, internationally from abroad", () => {
    expect(urgentClientReply({ clinic: CLINIC, clientRegion: 'US-NY' })).toContain('(212) 555-0147');
    expect(urgentClientReply({ clinic: CLINIC, clientRegion: 'GB' })).toContain('+1 212 555 0147');
    expect(urgentClientReply({ clinic: CLINIC })).toContain('+1 212 555 0147');
  });

  it('marks a demo and says nothing about email (the client may have none)', () => {
    const sms = urgentClientReply({ clinic: CLINIC, clientFirstName: 'Alex', demo: true });
    expect(sms.startsWith('[DEMO] ')).toBe(true);
    expect(sms).not.toMatch(/email/i);
  });

  it.each([
    ['Arabic clinic name', { clinic: { ...CLINIC, name: 'عيادة الشمال لتصبغ فروة الرأس' }, clientFirstName: 'محمد' }],
    ['emoji first name', { clinic: CLINIC, clientFirstName: 'Alex 🌟' }],
    ['absurd values', { clinic: { ...CLINIC, name: 'Clinic '.repeat(60), phone: '5'.repeat(400) }, clientFirstName: 'X'.repeat(300) }],
  ])('%s: still at most 2 segments', (_label, ctx) => {
    const sms = urgentClientReply(ctx);
    expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
  });

  it('keeps the safety advice whatever has to give way', () => {
    const sms = urgentClientReply({ clinic: { ...CLINIC, name: 'عيادة الشمال لتصبغ فروة الرأس' }, clientFirstName: 'محمد' });
    expect(sms).toMatch(/in touch today/i);
    expect(sms).toMatch(/medical care now/i);
  });

  it('the email says the same, greets the client, and ends with the clinic contact', () => {
    const email = urgentClientReplyEmail({ clinic: CLINIC, clientFirstName: 'Alex', clientRegion: 'US' });
    expect(email.subject).toBe(`${CLINIC.name}: we have your message and will be in touch today`);
    expect(email.text).toMatch(/^Hi Alex,/);
    expect(email.text).toMatch(/in touch with you today/);
    expect(email.text).toMatch(/getting worse, or you feel unwell, please get medical care now/);
    expect(email.text.trimEnd().split('\n').slice(-2)).toEqual([CLINIC.name, 'Phone: (212) 555-0147']);
    expect(email.text).not.toMatch(DIAGNOSIS);
    expect(email.html).toContain('Hi Alex,');
    expect(urgentClientReplyEmail({ clinic: CLINIC }).text).toMatch(/^Hi there,/);
    expect(urgentClientReplyEmail({ clinic: CLINIC, demo: true }).subject.startsWith('[DEMO] ')).toBe(true);
  });
});

describe('the client answer to an urgent reply, in Spanish', () => {
  const es = { clinic: CLINIC, clientFirstName: 'Martín', clientRegion: 'US-NY', locale: 'es' as const };

  it('a GSM-7 text in at most 2 segments: in touch today, medical care now if worse, and our phone', () => {
    const sms = urgentClientReply(es);
    expect(isGsm7(sms)).toBe(true);
    expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
    expect(sms).toMatch(/^Northside Scalp Micropigmentation Studio: ¡Hola, Martin! /);
    expect(sms).toMatch(/en contacto contigo hoy/);
    expect(sms).toMatch(/si empeora o te encuentras mal, busca atencion médica ya/i);
    expect(sms).toContain('(212) 555-0147');
    expect(sms).not.toMatch(/normal|no es grave|tranquil|infecci|alergi|pomada|crema/i);
  });

  it('the email says the same in Spanish, with its accents, and the clinic answers the front desk in English', () => {
    const email = urgentClientReplyEmail(es);
    expect(email.subject).toBe(`${CLINIC.name}: tenemos tu mensaje y te contactaremos hoy`);
    expect(email.text).toMatch(/^Hola, Martín:/);
    expect(email.text).toMatch(/busca atención médica ya/);
    expect(email.text.trimEnd().split('\n').slice(-2)).toEqual([CLINIC.name, 'Teléfono: (212) 555-0147']);
    expect(email.html).toContain('<html lang="es">');
    expect(urgentClinicAlertSms({ clinicName: CLINIC.name, clientRef: 'C-1', sessionNumber: 1 })).toMatch(/^URGENT/);
  });
});

describe("the clinic's urgent alert text", () => {
  const alert = { clinicName: CLINIC.name, clientRef: 'C-10442', sessionNumber: 1 };

  it('says URGENT, names the client only by reference, asks for a call today and points to the details', () => {
    const sms = urgentClinicAlertSms(alert);
    expect(sms).toMatch(/^URGENT/);
    expect(sms).toContain('client ref C-10442');
    expect(sms).toContain('session 1');
    expect(sms).toMatch(/possible complication/);
    expect(sms).toMatch(/call them today/i);
    expect(sms).toMatch(/details in your email/i);
    expect(isGsm7(sms)).toBe(true);
    expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
  });

  it('links the page when the caller knows it, dropping the clinic name before the link', () => {
    const pageUrl = `https://desk.example.com/clients/${'aftercare-northside~C-10442-s1'.repeat(3)}`;
    const sms = urgentClinicAlertSms({ ...alert, pageUrl });
    expect(sms).toContain(`Details: ${pageUrl}`);
    expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
  });

  it('carries no health words, no client name and no phone number', () => {
    const sms = urgentClinicAlertSms(alert);
    expect(sms).not.toMatch(/pus|ooz|bleed|swell|fever|hot|red|rash|blister|pain|infect|allerg/i);
    expect(sms).not.toMatch(/\+?\d[\d ()-]{7,}/);
  });

  it('stays GSM-7 in 2 segments with a clinic name in another script, and marks a demo', () => {
    const sms = urgentClinicAlertSms({ ...alert, clinicName: 'عيادة الشمال لتصبغ فروة الرأس', demo: true });
    expect(sms.startsWith('[DEMO] URGENT')).toBe(true);
    expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
    expect(sms).toContain('C-10442');
  });
});

describe("the clinic's urgent alert email", () => {
  const notice: ClinicNoticeContext = {
    clinicName: CLINIC.name,
    clientRef: 'C-10442',
    clientFirstName: 'Maximiliano',
    workflowId: 'aftercare-northside~C-10442-s1',
    sessionNumber: 1,
    timezone: 'America/New_York',
    detail: "It's oozing yellow and feels hot",
    matched: ['oozing', 'hot'],
    receivedAt: '2026-03-12T20:05:00.000Z',
    clientAnsweredBy: 'sms',
  };

  it('starts its subject with URGENT and names the client and the session', () => {
    const { subject } = renderClinicNotice('urgent-reply', notice);
    expect(subject).toMatch(/^URGENT: /);
    expect(subject).toContain('Maximiliano (client ref C-10442)');
    expect(subject).toContain('session 1');
    expect(renderClinicNotice('urgent-reply', { ...notice, demo: true }).subject).toMatch(/^\[DEMO\] URGENT: /);
  });

  it("carries the client's text, the matched words, when it came, and what to do", () => {
    const { text } = renderClinicNotice('urgent-reply', notice);
    expect(text).toContain(`"It's oozing yellow and feels hot"`);
    expect(text).toContain('Words that raised the alert: "oozing", "hot"');
    expect(text).toContain('Mar 12, 4:05 PM (their time)');
    expect(text).toMatch(/1\. Call them today/);
    expect(text).toMatch(/2\. Then mark the concern handled on their page in the front desk/);
    expect(text).toMatch(/booking reminders are held/);
    expect(text).toMatch(/We answered them by text at once/);
    expect(text).toContain('Workflow: aftercare-northside~C-10442-s1');
  });

  it('says when the client got no answer, and links their page when known', () => {
    const { text } = renderClinicNotice('urgent-reply', { ...notice, clientAnsweredBy: 'none', pageUrl: 'https://desk.example.com/c/1' });
    expect(text).toMatch(/could not answer them/);
    expect(text).toContain('(their page: https://desk.example.com/c/1)');
  });

  it('without a running plan asks only for the call', () => {
    const { text } = renderClinicNotice('urgent-reply', { ...notice, workflowId: '', noRunningPlan: true });
    expect(text).toMatch(/Call them today/);
    expect(text).not.toMatch(/mark the concern handled/);
    expect(text).not.toMatch(/Workflow:/);
  });

  it('from a number no plan knows, speaks of no session at all', () => {
    const { subject, text } = renderClinicNotice('urgent-reply', { ...notice, workflowId: '', sessionNumber: 0, noRunningPlan: true });
    expect(subject).not.toMatch(/session/i);
    expect(text).not.toMatch(/session 0|Session:/);
    expect(text).toMatch(/texted the clinic .*complication/);
  });
});
