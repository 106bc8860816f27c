/**
 * The care facts in every language (care-protocol.md, in our own words): each email rule of a
 * phase, the SMS essentials in three lengths, the phase names, the redness, the layout and what
 * the next session does. English SMS texts stay GSM-7 (plain '); Spanish ones are written with
 * their accents and sent GSM-7 by ./sms-spelling, so their SMS wording avoids the words whose
 * meaning an accent carries (más, sí, pasó). The Spanish speaks to the client as tú.
 */
import type { Catalog } from '../../i18n';

/** The email's rules per phase, in order: the keys of CARE_FACTS below. */
export const EMAIL_RULE_KEYS = {
  'days-1-4': ['d1.dry', 'd1.scratch', 'd1.shave', 'd1.hat'],
  'days-5-7': ['d5.sweat', 'd5.wash', 'd5.uv', 'd5.hands', 'd5.water'],
  'days-8-14': ['d8.scabs', 'd8.hands', 'd8.irritants', 'd8.ointment', 'd8.shave', 'd8.wash'],
  'long-term': ['lt.uv', 'lt.pools', 'lt.wash', 'lt.moisturise', 'lt.irritants'],
  'one-month': ['om.uv', 'om.moisturise', 'om.wash', 'om.irritants'],
} as const;

type EmailRuleKey = (typeof EMAIL_RULE_KEYS)[keyof typeof EMAIL_RULE_KEYS][number];
type SmsRuleKey = `sms.${'d1' | 'd5' | 'd8' | 'lt' | 'om'}.${'full' | 'compact' | 'minimal'}`;

export type CareFactKey =
  | EmailRuleKey
  | SmsRuleKey
  | 'd8.lead'
  | 'lt.lead'
  | 'om.lead'
  | 'title.phase'
  | 'title.long-term'
  | 'title.one-month'
  | 'sms.label.phase'
  | 'sms.label.long-term'
  | 'sms.label.one-month'
  | 'sms.label.session-day'
  | 'redness.tomorrow.first'
  | 'redness.tomorrow.later'
  | 'redness.now.first'
  | 'redness.now.later'
  | 'redness.sms.tomorrow.first'
  | 'redness.sms.tomorrow.later'
  | 'redness.sms.now.first'
  | 'redness.sms.now.later'
  | 'next2.email'
  | 'next2.sms'
  | 'next2.smsShort'
  | 'nextLater.email'
  | 'nextLater.sms'
  | 'nextLater.smsShort'
  | 'layout.email'
  | 'layout.sms';

export const CARE_FACTS: Catalog<CareFactKey> = {
  en: {
    'd1.dry': 'Keep your head completely dry: no water on your scalp at all for now.',
    'd1.scratch': "Don't scratch, even if your scalp feels itchy or looks a little red.",
    'd1.shave': "Don't shave your head, and don't even touch it.",
    'd1.hat': 'If you would like to cover up, a soft, loose-fitting hat is fine.',

    'd5.sweat': 'Avoid heavy sweating: skip extreme or very intense workouts for now.',
    'd5.wash': 'No shampoo and no scrubbing. To clean your scalp, just dab it gently with a fresh, wet cloth.',
    'd5.uv': 'Stay out of the sun and away from other UV light: UV fades fresh pigment.',
    'd5.hands': 'Keep your hands off your scalp.',
    'd5.water': 'Drink plenty of water and stay well hydrated.',

    'd8.lead': 'Small scabs will have formed on your scalp by now. This is part of healing.',
    'd8.scabs': "Don't touch the scabs and don't pick at them.",
    'd8.hands': 'Keep your hands off your scalp in general.',
    'd8.irritants': 'Avoid products that can irritate your skin, especially anything containing alcohol or alpha-hydroxy acids (AHAs).',
    'd8.ointment': 'The only thing to put on your scalp is the ointment your technician recommended, applied in a very thin film.',
    'd8.shave': 'If you need to, you may now shave or cut your hair.',
    'd8.wash': 'For washing, be gentle: a fresh, wet cloth with a little fragrance-free soap.',

    'lt.lead': 'Your scalp has healed enough for you to get back to your normal daily routine. To protect your result from now on:',
    'lt.uv': 'Protect your scalp from UV: use a sunscreen above factor 50 (SPF 50+) or wear a hat.',
    'lt.pools': 'Skip saunas, steam rooms and chlorinated swimming pools until at least a month after your session{dates}.',
    'lt.wash': 'Carry on cleaning your scalp with soap and clean water.',
    'lt.moisturise': 'Moisturise your scalp after showering and before bed.',
    'lt.irritants': 'Keep clear of skin products containing alcohol or alpha-hydroxy acids (AHAs).',

    // The source says "at least a month": the month is the least, not a green light.
    'om.lead':
      'A month has passed since your session: the minimum time to stay away from chlorinated swimming pools, saunas and steam rooms. Check with your technician before you go back to them. A few habits are worth keeping for good:',
    'om.uv': 'Keep protecting your scalp from UV: a sunscreen above factor 50 (SPF 50+) or a hat.',
    'om.moisturise': 'Keep moisturising after showering and before bed.',
    'om.wash': 'Carry on cleaning your scalp with soap and clean water.',
    'om.irritants': 'Still steer clear of skin products containing alcohol or alpha-hydroxy acids (AHAs).',

    'sms.d1.full': "keep your head dry; don't scratch or shave it, and don't even touch it, however much it itches. A soft, loose hat is OK.",
    'sms.d1.compact': "keep your head dry; don't scratch, shave or even touch it. Soft loose hat OK.",
    'sms.d1.minimal': "keep your head dry; don't scratch, shave or even touch it.",
    'sms.d5.full':
      'no heavy sweating or hard workouts, no shampoo or scrubbing (just dab gently with a fresh wet cloth). Avoid sun/UV, keep hands off, drink plenty of water.',
    'sms.d5.compact': 'no heavy sweat, shampoo, scrubbing or sun/UV; fresh wet cloth only; hands off; drink water.',
    'sms.d5.minimal': 'no heavy sweat, shampoo, scrubbing or sun; hands off.',
    'sms.d8.full':
      "don't touch or pick the scabs. No products with alcohol or AHAs; only the ointment your technician advised, very thin. Shaving or a haircut is OK. Wash gently: fresh wet cloth, fragrance-free soap.",
    'sms.d8.compact': "don't touch or pick scabs; no alcohol/AHA products; advised ointment only, very thin; shaving OK; fragrance-free soap on a wet cloth.",
    'sms.d8.minimal': "don't touch or pick scabs; no alcohol/AHA products.",
    'sms.lt.full':
      "you're healed enough for your normal routine. Now: SPF 50+ or a hat in the sun; no saunas, steam rooms or pools until at least a month after your session; soap and clean water to wash; moisturise after showers and at bedtime; no alcohol/AHA products.",
    'sms.lt.compact':
      'healed enough for your normal routine. SPF 50+ or hat; no saunas, steam or pools for at least a month after your session; soap and water; moisturise; no alcohol/AHA products.',
    'sms.lt.minimal': 'healed enough for your normal routine; SPF 50+ or a hat.',
    'sms.om.full':
      "you've stayed away from saunas, steam rooms and pools for the minimum month; check with your technician before going back. Keep using SPF 50+ or a hat, keep moisturising, keep washing with soap and clean water, and still avoid alcohol/AHA products.",
    'sms.om.compact':
      'the minimum month away from saunas, steam and pools is over; check with your technician first. Keep SPF 50+ or hat, moisturise, soap and water, no alcohol/AHA.',
    'sms.om.minimal': 'the minimum month away from saunas and pools is over; ask your technician first. SPF 50+ or a hat.',

    'title.phase': 'days {from} to {to}',
    'title.long-term': 'from day {day} on',
    'title.one-month': 'a month on',
    'sms.label.phase': 'Days {from}-{to}',
    'sms.label.long-term': 'Day {day}',
    'sms.label.one-month': 'One month on',
    'sms.label.session-day': 'From today to day {to}',

    'redness.tomorrow.first': 'Tomorrow your scalp will look a bit red. That is completely normal, and it fades within the first few days.',
    'redness.tomorrow.later': 'Tomorrow your scalp may look a bit red. If it does, that is completely normal, and it fades within the first few days.',
    'redness.now.first': 'The day after a first session the scalp looks a bit red. That is completely normal, and it fades within the first few days.',
    'redness.now.later':
      'Your scalp may look a bit red in the days after a session. If it does, that is completely normal, and it fades within the first few days.',
    'redness.sms.tomorrow.first': "Expect some redness tomorrow; it's normal and fades in a few days.",
    'redness.sms.tomorrow.later': "You may see some redness tomorrow; it's normal and fades in a few days.",
    'redness.sms.now.first': "Some redness is expected; it's normal and fades in a few days.",
    'redness.sms.now.later': "Some redness may show; it's normal and fades in a few days.",

    'next2.email':
      'Session 2 is where your hairline is properly created. Fresh dots are blended in with the ones from your first session, and density is added, usually with a slightly darker pigment for a deeper, more three-dimensional look. It takes much less time than your first session.',
    'next2.sms': "Session 2 creates your hairline, blends new dots with your first session's and adds density; it's much shorter than the first.",
    'next2.smsShort': 'Session 2 (hairline and density) is much shorter than the first.',
    'nextLater.email':
      'Session {next} is for final touches and takes about {minutes, plural, one {# minute} other {# minutes}}. It is only needed if you would like a darker result, or if your technician sees a way to improve the look, so talk it over with them when you book.',
    'nextLater.sms': "Session {next} adds final touches in about {minutes} min, if you'd like a darker result or your technician can improve the look.",
    'nextLater.smsShort': 'Session {next}: final touches, about {minutes} min.',

    'layout.email': 'You leave your first session with a layout for the sessions that follow: the plan each of them builds on.',
    'layout.sms': 'You have your layout for the next sessions.',
  },
  es: {
    'd1.dry': 'Mantén la cabeza completamente seca: por ahora, nada de agua en el cuero cabelludo.',
    'd1.scratch': 'No te rasques, aunque el cuero cabelludo te pique o se vea un poco rojo.',
    'd1.shave': 'No te afeites la cabeza, y ni siquiera la toques.',
    'd1.hat': 'Si quieres cubrirte, puedes usar un gorro suave y holgado.',

    'd5.sweat': 'Evita sudar mucho: por ahora, nada de entrenamientos extremos o muy intensos.',
    'd5.wash': 'Nada de champú ni de frotar. Para limpiar el cuero cabelludo, date solo toques suaves con un paño limpio y húmedo.',
    'd5.uv': 'Evita el sol y cualquier otra luz UV: los rayos UV aclaran el pigmento recién puesto.',
    'd5.hands': 'No te toques el cuero cabelludo.',
    'd5.water': 'Bebe mucha agua y cuida tu hidratación.',

    'd8.lead': 'A estas alturas se habrán formado pequeñas costras en el cuero cabelludo. Es parte de la curación.',
    'd8.scabs': 'No toques las costras ni las arranques.',
    'd8.hands': 'En general, no te toques el cuero cabelludo.',
    'd8.irritants': 'Evita los productos que pueden irritar la piel, sobre todo los que llevan alcohol o alfahidroxiácidos (AHA).',
    'd8.ointment': 'Lo único que debes ponerte en el cuero cabelludo es la pomada que te recomendó tu especialista, en una capa muy fina.',
    'd8.shave': 'Si lo necesitas, ya puedes afeitarte o cortarte el pelo.',
    'd8.wash': 'Para lavarte, con suavidad: un paño limpio y húmedo con un poco de jabón sin perfume.',

    'lt.lead': 'Tu cuero cabelludo ya ha sanado lo suficiente para volver a tu rutina diaria normal. Para proteger el resultado a partir de ahora:',
    'lt.uv': 'Protege el cuero cabelludo de los rayos UV: usa protector solar de factor superior a 50 (SPF 50+) o ponte una gorra o un sombrero.',
    'lt.pools': 'Evita las saunas, los baños de vapor y las piscinas con cloro hasta que pase al menos un mes desde tu sesión{dates}.',
    'lt.wash': 'Sigue lavándote el cuero cabelludo con jabón y agua limpia.',
    'lt.moisturise': 'Hidrata el cuero cabelludo después de ducharte y antes de dormir.',
    'lt.irritants': 'Mantente lejos de los productos para la piel con alcohol o alfahidroxiácidos (AHA).',

    'om.lead':
      'Ya ha pasado un mes desde tu sesión: el tiempo mínimo lejos de las piscinas con cloro, las saunas y los baños de vapor. Consulta con tu especialista antes de volver a ellos. Vale la pena mantener algunos hábitos para siempre:',
    'om.uv': 'Sigue protegiendo el cuero cabelludo de los rayos UV: protector solar de factor superior a 50 (SPF 50+) o una gorra o un sombrero.',
    'om.moisturise': 'Sigue hidratándolo después de ducharte y antes de dormir.',
    'om.wash': 'Sigue lavándote el cuero cabelludo con jabón y agua limpia.',
    'om.irritants': 'Sigue evitando los productos para la piel con alcohol o alfahidroxiácidos (AHA).',

    'sms.d1.full': 'no mojes la cabeza; no te rasques ni te afeites, y ni la toques aunque te pique. Puedes usar un gorro suave y holgado.',
    'sms.d1.compact': 'no mojes la cabeza; no te rasques, afeites ni la toques. Puedes usar gorro suave.',
    'sms.d1.minimal': 'no mojes la cabeza; no te rasques, afeites ni la toques.',
    'sms.d5.full': 'nada de sudar mucho ni entrenar fuerte, ni champú ni frotar: solo un paño limpio y húmedo. Evita el sol/UV, no te toques y bebe mucha agua.',
    'sms.d5.compact': 'sin sudar mucho, entrenar fuerte, champú, frotar ni sol/UV; solo paño húmedo; no te toques; bebe agua.',
    'sms.d5.minimal': 'sin sudar mucho, champú, frotar ni sol; no te toques.',
    'sms.d8.full':
      'no toques ni arranques las costras. Nada con alcohol o AHA; solo la pomada de tu especialista, muy fina. Ya puedes afeitarte o cortarte el pelo. Lava con un paño húmedo y jabón sin perfume.',
    'sms.d8.compact': 'no toques ni arranques las costras; nada con alcohol/AHA; solo tu pomada, muy fina; puedes afeitarte; paño húmedo y jabón sin perfume.',
    'sms.d8.minimal': 'no toques ni arranques las costras; nada con alcohol/AHA.',
    'sms.lt.full':
      'ya puedes volver a tu rutina normal. Ahora: SPF 50+ o gorra al sol; ni saunas, ni vapor, ni piscinas hasta al menos un mes tras tu sesión; lava con agua y jabón; hidrata tras la ducha y al acostarte; nada con alcohol/AHA.',
    'sms.lt.compact': 'ya puedes volver a tu rutina normal. SPF 50+ o gorra; sin saunas, vapor ni piscinas al menos un mes tras tu sesión; agua y jabón; hidrata; nada con alcohol/AHA.',
    'sms.lt.minimal': 'ya puedes volver a tu rutina normal; SPF 50+ o gorra.',
    'sms.om.full':
      'ya llevas el mes mínimo sin saunas, vapor ni piscinas; consulta a tu especialista antes de volver. Sigue con SPF 50+ o gorra, hidrata, lava con agua y jabón y evita lo que lleve alcohol/AHA.',
    'sms.om.compact': 'ya llevas el mes mínimo sin saunas, vapor ni piscinas; consulta antes a tu especialista. SPF 50+ o gorra, hidrata, agua y jabón, nada con alcohol/AHA.',
    'sms.om.minimal': 'ya llevas el mes mínimo sin saunas ni piscinas; consulta antes a tu especialista. SPF 50+ o gorra.',

    'title.phase': 'días {from} a {to}',
    'title.long-term': 'desde el día {day}',
    'title.one-month': 'al cumplir un mes',
    'sms.label.phase': 'Días {from}-{to}',
    'sms.label.long-term': 'Día {day}',
    'sms.label.one-month': 'Al mes',
    'sms.label.session-day': 'De hoy al día {to}',

    'redness.tomorrow.first': 'Mañana tu cuero cabelludo se verá un poco rojo. Es completamente normal y desaparece en los primeros días.',
    'redness.tomorrow.later': 'Mañana tu cuero cabelludo puede verse un poco rojo. Si pasa, es completamente normal y desaparece en los primeros días.',
    'redness.now.first': 'El día después de una primera sesión, el cuero cabelludo se ve un poco rojo. Es completamente normal y desaparece en los primeros días.',
    'redness.now.later':
      'Tu cuero cabelludo puede verse un poco rojo en los días siguientes a una sesión. Si pasa, es completamente normal y desaparece en los primeros días.',
    'redness.sms.tomorrow.first': 'Mañana verás algo de rojez; es normal y se va en unos días.',
    'redness.sms.tomorrow.later': 'Mañana puede haber algo de rojez; es normal y se va en unos días.',
    'redness.sms.now.first': 'Es de esperar algo de rojez; es normal y se va en unos días.',
    'redness.sms.now.later': 'Puede aparecer algo de rojez; es normal y se va en unos días.',

    'next2.email':
      'En la sesión 2 se crea de verdad tu línea del cabello. Los puntos nuevos se funden con los de tu primera sesión y se añade densidad, normalmente con un pigmento un poco más oscuro para un aspecto más profundo y tridimensional. Dura mucho menos que tu primera sesión.',
    'next2.sms': 'La sesión 2 crea tu línea del cabello, funde puntos nuevos con los de la primera y añade densidad; dura mucho menos que la primera.',
    'next2.smsShort': 'La sesión 2 (línea y densidad) dura mucho menos que la primera.',
    'nextLater.email':
      'La sesión {next} es para los últimos retoques y dura unos {minutes, plural, one {# minuto} other {# minutos}}. Solo hace falta si quieres un resultado más oscuro, o si tu especialista ve cómo mejorar el aspecto, así que háblalo con tu especialista al reservar.',
    'nextLater.sms': 'La sesión {next} da los últimos retoques en unos {minutes} min, si quieres oscurecer el resultado o tu especialista puede mejorar el aspecto.',
    'nextLater.smsShort': 'Sesión {next}: últimos retoques, unos {minutes} min.',

    'layout.email': 'Sales de tu primera sesión con un diseño para las sesiones siguientes: el plan sobre el que se construye cada una.',
    'layout.sms': 'Ya tienes tu diseño para las próximas sesiones.',
  },
};
