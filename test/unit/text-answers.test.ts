import { acknowledgement, helpAnswer, keywordConfirmation, URGENT_ANSWER_WITHOUT_CLINIC, urgentAnswerWithoutClinic } from '../../domain/messages';
import { LANGUAGES } from '../../domain/i18n';
import { isGsm7, smsSegments } from '../../domain/sms-encoding';

const clinic = { name: 'Northside Scalp Studio', phone: '+13125550142' };
/** The longest name a clinic may have (CLINIC_NAME_MAX), so that the segment count is the worst case. */
const longClinic = { name: 'N'.repeat(80), phone: '+13125550142' };

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

  it('in Spanish: AYUDA names the clinic and the Spanish words PARAR and COMENZAR, never the English ones', () => {
    const help = helpAnswer(clinic, 'MX', 'es');
    expect(help).toBe(
      'Northside Scalp Studio: mensajes de cuidado tras tu tratamiento. Para dudas o para pedir cita, llama al +1 312 555 0142. Responde PARAR para dejar de recibirlos, COMENZAR para volver a recibirlos.',
    );
    expect(helpAnswer(undefined, undefined, 'es')).toMatch(/^Mensajes de cuidado de tu centro.*PARAR.*COMENZAR/);
    for (const text of [help, helpAnswer(undefined, undefined, 'es')]) expect(text).not.toMatch(/\b(STOP|START)\b/);
  });

  it('in Spanish: the acknowledgements, the urgent answer and the confirmations of PARAR and COMENZAR', () => {
    expect(acknowledgement('wants-to-book', clinic, 'US', 'es')).toBe(
      '¡Gracias! Hemos avisado a Northside Scalp Studio de que quieres pedir cita. Te van a contactar para buscar fecha. Si nos necesitas antes, llama al (312) 555-0142.',
    );
    expect(acknowledgement('message', undefined, undefined, 'es')).toBe('Gracias, tu centro tiene tu mensaje y te va a responder si hace falta.');
    expect(urgentAnswerWithoutClinic('es')).toMatch(/empeora.*médico o a urgencias ahora; no esperes/);
    expect(keywordConfirmation('opt-out', 'es')).toMatch(/^Hecho: dejamos de enviarte.*Responde COMENZAR/);
    expect(keywordConfirmation('opt-in', 'es')).toMatch(/vuelves a recibir.*Responde PARAR/);
  });

  it('every answer in every language is plain GSM-7 (no á, í, ó, ú) and fits two segments even with the longest clinic name', () => {
    for (const language of LANGUAGES) {
      const answers = {
        help: helpAnswer(longClinic, 'US', language),
        'help, no clinic': helpAnswer(undefined, undefined, language),
        book: acknowledgement('wants-to-book', longClinic, 'US', language),
        message: acknowledgement('message', longClinic, 'US', language),
        urgent: urgentAnswerWithoutClinic(language),
        'opted out': keywordConfirmation('opt-out', language),
        'opted in': keywordConfirmation('opt-in', language),
      };
      for (const [what, text] of Object.entries(answers)) {
        const { segments } = smsSegments(text);
        expect({ language, what, gsm: isGsm7(text) }).toEqual({ language, what, gsm: true });
        expect(segments).toBeLessThanOrEqual(2);
      }
    }
    expect(URGENT_ANSWER_WITHOUT_CLINIC).toMatch(/medical care now/);
  });
});
