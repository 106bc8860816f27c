import { inboundIntent, inboundKeyword, KEYWORDS, keywordsOf } from '../../domain/inbound-keywords';
import { textLanguage } from '../../domain/text-language';

describe('keywords a client can text, in English and Spanish', () => {
  it('recognises the Spanish words, in any case and with or without accents, and says they are Spanish', () => {
    for (const w of ['PARAR', 'parar', ' Parar. ', 'ALTO', 'alto!', 'Baja', 'CANCELAR', 'Detener']) expect(inboundKeyword(w)).toEqual({ intent: 'opt-out', language: 'es' });
    for (const w of ['COMENZAR', 'comenzar', 'Alta', 'REANUDAR', 'iniciar']) expect(inboundKeyword(w)).toEqual({ intent: 'opt-in', language: 'es' });
    for (const w of ['AYUDA', 'ayuda?', 'AYÚDA', '¿Ayuda?', 'Ayúda']) expect(inboundKeyword(w)).toEqual({ intent: 'help', language: 'es' });
    for (const w of ['CITA', 'cita', 'Reservar', 'Sí', 'si', '¡SÍ!']) expect(inboundKeyword(w)).toEqual({ intent: 'wants-to-book', language: 'es' });
  });

  it('keeps the English words English, and a sentence is never a keyword in either language', () => {
    expect(inboundKeyword('Stop.')).toEqual({ intent: 'opt-out', language: 'en' });
    expect(inboundKeyword('help')).toEqual({ intent: 'help', language: 'en' });
    for (const w of ['parar por favor', 'quiero una cita', 'P A R A R', 'PARARR', 'ayudame', '', 'Tengo dolor']) expect(inboundIntent(w)).toBe('message');
  });

  it('defines each word once: no word means two things, and the documentation lists every language', () => {
    const seen = new Map<string, string>();
    for (const words of Object.values(KEYWORDS)) {
      for (const [intent, list] of Object.entries(words)) {
        for (const word of list) {
          const key = word.normalize('NFD').replace(/\p{M}/gu, '');
          expect(seen.get(key) ?? intent).toBe(intent);
          seen.set(key, intent);
        }
      }
    }
    expect(keywordsOf('opt-out')).toEqual(expect.arrayContaining(['STOP', 'PARAR', 'ALTO', 'BAJA', 'CANCELAR']));
    expect(keywordsOf('help')).toEqual(['HELP', 'INFO', 'AYUDA']);
  });
});

describe('the language a free text is written in', () => {
  it.each([
    ['Tengo la piel muy roja, ¿es normal?', 'es'],
    ['Hola, quiero cambiar mi cita', 'es'],
    ['me duele mucho y hay pus', 'es'],
    ['Is some redness normal?', 'en'],
    ['Can I wash my head today', 'en'],
    ['ok', 'en'],
    ['👍', 'en'],
  ])('%s -> %s', (text, language) => {
    expect(textLanguage(text)).toBe(language);
  });
});
