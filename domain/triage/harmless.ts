/**
 * Everyday phrases that contain a sign's word without being a sign ("a hot shower", "blood
 * pressure", "spread the word"). Their words are set aside before the signs are looked for, so
 * keep each phrase narrow: whatever is listed here can never raise an alarm.
 */
export const HARMLESS_PHRASES: readonly string[] = [
  'hot|warm shower|showers|water|tub|bath|baths|weather|outside|out|yoga|sauna|drink|drinks|coffee|tea|towel|sun|climate|compress|room|car|summer|day|days|clothes|hat|welcome|regards|wishes',
  'keep|stay warm',
  'in|out the? heat',
  'this|summer heat',
  'heat wave|outside|protectant|protection|spray|tool|tools',
  'hot stuff',
  'blood pressure|thinners|thinner|test|tests|work|sugar|type|donation|donor|bank|orange',
  'blood|bloods done|drawn|taken|results',
  'bloody brilliant|amazing|great|good|hell|love|lovely|fantastic|awesome|itchy|annoying',
  'spread|spreading|spreads the word',
  'spread|spreading out',
  'spread|spreading ... sessions|appointments|visits',
  'could|can|would be worse',
  'worse things',
  'lump sum',
  'spread|spreading|spreads the|some|it? cream|lotion|balm|moisturiser|moisturizer|ointment|oil|aloe',
  'growing back|out|in',
  'hair|hairs ... grow|grows|growing',
  'avoid|avoiding|prevent|preventing|risk|chance|chances ... infection|infected|infections',
  'burning question',
  'reaction from|of my|everyone|people|friends|family|everybody',
  'agua caliente',
  'hace calor',
];
