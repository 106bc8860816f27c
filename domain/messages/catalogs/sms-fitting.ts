/** The few words the SMS fitting adds to every text: the greeting and where the details are. */
import type { Catalog } from '../../i18n';

export const SMS_FITTING: Catalog<'hi' | 'pointer.email' | 'pointer.phone'> = {
  en: {
    hi: 'Hi {name}! ',
    'pointer.email': 'Details in your email.',
    'pointer.phone': 'Questions? Call {phone}.',
  },
  es: {
    hi: '¡Hola, {name}! ',
    'pointer.email': 'Detalles en tu correo.',
    'pointer.phone': '¿Dudas? Llama al {phone}.',
  },
};
