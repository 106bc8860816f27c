/**
 * How typed words are matched to the phrase lists' words: misspellings that are too short or too
 * far for the edit distance, and everyday words the edit distance must leave alone.
 */

/** Known misspellings and short forms, each to the listed word it stands for. */
export const MISSPELLINGS: Readonly<Record<string, string>> = {
  puss: 'pus',
  pusy: 'pus',
  bleding: 'bleeding',
  bleading: 'bleeding',
  bledding: 'bleeding',
  bleedin: 'bleeding',
  blled: 'bled',
  sweling: 'swelling',
  swelings: 'swelling',
  swolen: 'swollen',
  swolled: 'swollen',
  swoll: 'swollen',
  infectd: 'infected',
  infeted: 'infected',
  infekted: 'infected',
  infecion: 'infection',
  feaver: 'fever',
  fevar: 'fever',
  alergic: 'allergic',
  alergy: 'allergy',
  blistar: 'blister',
  blistes: 'blisters',
  rashs: 'rash',
  oozin: 'oozing',
  pussing: 'oozing',
  pusing: 'oozing',
  ozing: 'oozing',
  hurtin: 'hurting',
  apt: 'appt',
  apointment: 'appointment',
  resched: 'reschedule',
  reshedule: 'reschedule',
  tmrw: 'tomorrow',
  tnx: 'thanks',
  thnx: 'thanks',
  thks: 'thanks',
  ta: 'thanks',
  u: 'you',
  r: 'are',
  ur: 'your',
  pls: 'please',
  plz: 'please',
  wat: 'what',
  wut: 'what',
  '&': 'and',
};

/**
 * Real words a typo correction must not turn into a listed one: "fewer" is not "fever", "smelling"
 * is not "swelling", "chilly" is not "chills".
 */
export const KNOWN_WORDS: readonly string[] = [
  'fewer', 'lever', 'smelling', 'spelling', 'selling', 'telling', 'yelling', 'feeling', 'dealing', 'sealing',
  'spending', 'sending', 'breeding', 'bleeping', 'reading', 'inches', 'rushes', 'injected', 'chilly', 'words',
  'horse', 'nurse', 'stolen', 'looking', 'cooking', 'hoping', 'sweating', 'sweeping', 'bleaching', 'heating',
  'hating', 'eating', 'seating', 'waiting', 'writing', 'turning', 'paint', 'bumped', 'bumper', 'lumpy', 'boiled',
  'spots', 'glowing', 'blowing', 'flowing', 'showing', 'showering', 'shaving', 'having', 'patchy',
  'heated', 'header', 'rather', 'bitter', 'tighter', 'lighter', 'slightly', 'brushes', 'washes',
  'sticky', 'swallow', 'swallowed', 'shallow', 'allergen', 'bleach', 'reactive', 'spreader', 'grower',
]

/** Words of at least this many letters may be one edit off a listed word; longer ones two. */
export const ONE_EDIT_FROM = 5;
export const TWO_EDITS_FROM = 9;
