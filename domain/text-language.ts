/**
 * A best guess at the language a client's free text is written in, for answering a text that no
 * running plan took (so no enrolment says the client's language). It only has to tell the
 * supported languages apart on a line or two: the small words every sentence needs are counted,
 * and letters only Spanish uses (ñ, ¿, ¡, á, í, ó, ú) weigh in. A tie, or a text of no such
 * words at all ("ok", an emoji), is the platform's default language.
 */
import { DEFAULT_LANGUAGE, type Language } from './i18n';

/** Words common in one language's short messages and rare as words of the other. */
const CUES: Record<Language, ReadonlySet<string>> = {
  en: new Set(
    'the i my is it its and to of in on for with but not am are was be have has do does did you your this that what when how can will would should thanks thank hi hello please'.split(' '),
  ),
  es: new Set(
    'el la los las lo de del que y en mi mis tengo tiene es esta estoy son por para una un con pero muy hola gracias cuando como puedo puede debo hay si ya hoy manana dolor cita sesion tu su se le necesito quiero'.split(' '),
  ),
};

const SPANISH_LETTERS = /[ñ¿¡áíóú]/iu;

export function textLanguage(text: string): Language {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  const score = (language: Language) => words.filter((w) => CUES[language].has(w)).length;
  const es = score('es') + (SPANISH_LETTERS.test(text) ? 2 : 0);
  const en = score('en');
  if (es === en) return DEFAULT_LANGUAGE;
  return es > en ? 'es' : 'en';
}
