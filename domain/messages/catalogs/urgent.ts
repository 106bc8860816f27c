/**
 * The client's answer to an urgent reply, in every language. It never says what the client has
 * or whether it is normal. (The clinic's alert stays English: the clinic reads English.)
 */
import type { Catalog } from '../../i18n';

type UrgentKey = 'sms.full' | 'sms.short' | 'sms.lean' | 'email.subject' | 'email.thanks' | 'email.care' | 'email.call';

export const URGENT: Catalog<UrgentKey> = {
  en: {
    'sms.full':
      "{hi}Thank you for telling us. Someone from our team will be in touch with you today. If it is getting worse or you feel unwell, please get medical care now; don't wait for our call. You can reach us on {phone}.",
    'sms.short': '{hi}Thanks for telling us. Our team will be in touch today. If it is getting worse or you feel unwell, get medical care now. Call us: {phone}',
    'sms.lean': "{hi}We'll be in touch today. Worse, or feeling unwell? Get medical care now. {phone}",
    'email.subject': '{clinic}: we have your message and will be in touch today',
    'email.thanks': 'Thank you for telling us how you are. Someone from {clinic} will be in touch with you today.',
    'email.care':
      'If it is getting worse, or you feel unwell, please get medical care now, from a doctor or the emergency services, rather than waiting for our call.',
    'email.call': 'You can also call us at {phone}.',
  },
  es: {
    'sms.full':
      '{hi}Gracias por contárnoslo. Alguien de nuestro equipo se pondrá en contacto contigo hoy. Si empeora o te encuentras mal, busca atención médica ya; no esperes nuestra llamada. Puedes llamarnos al {phone}.',
    'sms.short': '{hi}Gracias por avisarnos. Te contactaremos hoy. Si empeora o te encuentras mal, busca atención médica ya. Llámanos: {phone}',
    'sms.lean': '{hi}Te contactaremos hoy. ¿Empeora o te encuentras mal? Busca atención médica ya. {phone}',
    'email.subject': '{clinic}: tenemos tu mensaje y te contactaremos hoy',
    'email.thanks': 'Gracias por contarnos cómo estás. Alguien de {clinic} se pondrá en contacto contigo hoy.',
    'email.care': 'Si empeora, o te encuentras mal, busca atención médica ya, con un médico o los servicios de urgencias, en lugar de esperar nuestra llamada.',
    'email.call': 'También puedes llamarnos al {phone}.',
  },
};
