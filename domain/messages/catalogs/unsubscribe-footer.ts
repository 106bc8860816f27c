/** The last line of every client email, in every language: how to stop them. */
import type { Catalog } from '../../i18n';

export const UNSUBSCRIBE_FOOTER: Catalog<'footer'> = {
  en: { footer: 'You get these emails because of your aftercare. To stop them, unsubscribe here: ' },
  es: { footer: 'Recibes estos correos por tus cuidados tras el tratamiento. Para dejar de recibirlos, date de baja aquí: ' },
};
