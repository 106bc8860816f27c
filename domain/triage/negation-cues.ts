/**
 * The words that take a sign back ("no swelling at all", "not bleeding any more", "the swelling
 * went down"), and the words that cancel them again ("it won't stop bleeding", "not sure if it's
 * pus"). ./negation.ts applies them; the windows below say how far each reaches, in words.
 */

/** Before a sign: "no", "not", "never", "isn't" (apostrophes are dropped: isnt). */
export const NEGATORS: readonly string[] = [
  'no', 'not', 'never', 'without', 'none', 'nothing', 'zero', 'nor', 'neither', 'aint',
  'isnt', 'arent', 'wasnt', 'werent', 'hasnt', 'havent', 'hadnt', 'dont', 'doesnt', 'didnt', 'wont', 'cant', 'cannot',
  'couldnt', 'shouldnt', 'wouldnt',
  'sin', 'ni', 'nunca', 'nada', 'ningun', 'ninguna', 'tampoco',
];

/**
 * Right after a negator, these make it about something else than the sign: "not sure if it's pus",
 * "don't know why it's swollen", "can't sleep with the swelling", "can't get the bleeding to stop".
 */
export const HEDGES: readonly string[] = [
  'sure', 'certain', 'know', 'knowing', 'think', 'idea', 'tell', 'understand', 'expect', 'expecting', 'like', 'normal',
  'remember', 'mind', 'worry', 'gonna', 'lie', 'sleep', 'sleeping', 'slept', 'stand', 'bear', 'handle', 'believe',
  'touch', 'get', 'se', 'creo', 'estoy',
];

/** Words that may stand between a negator and its hedge: "I don't really know". */
export const HEDGE_FILLERS: readonly string[] = ['really', 'even', 'quite', 'exactly', 'totally', 'actually', 'honestly', 'fully'];

/**
 * A negator followed at once by one of these answers the previous message instead of negating
 * what follows: "no it's bleeding", "isn't it normal to have swelling?".
 */
export const PRONOUNS: readonly string[] = ['it', 'its', 'itll', 'i', 'im', 'ive', 'id', 'they', 'theyre', 'we', 'you', 'he', 'she', 'yo'];

/**
 * A negator followed closely by one of these is persistence, not absence: "won't stop bleeding",
 * "hasn't gone down", "isn't getting better", "nothing helps the swelling", "no para de sangrar".
 * The sign then stands.
 */
export const PERSISTENCE_VERBS: readonly string[] = [
  'stop', 'stops', 'stopping', 'stopped', 'go', 'goes', 'going', 'gone', 'went', 'ease', 'easing', 'eased',
  'settle', 'settling', 'settled', 'heal', 'healing', 'healed', 'improve', 'improving', 'improved', 'better',
  'clear', 'clearing', 'cleared', 'calm', 'calming', 'calmed', 'subside', 'subsiding', 'subsided', 'end', 'ending', 'ended',
  'help', 'helps', 'helped', 'helping', 'work', 'works', 'worked', 'working',
  'para', 'paro', 'parado', 'mejora', 'mejorando', 'baja', 'bajando', 'quita', 'va', 'deja',
];

/**
 * After (or just before) a sign, these say it is over: "the swelling is gone", "it stopped bleeding".
 * Only what is over: "will it go down?" or "will it get better?" leaves the sign standing.
 */
export const CESSATIONS: readonly string[] = [
  'stopped', 'gone', 'went|gone|come|came away|down', 'cleared|clearing up?', 'disappeared|vanished|subsided|resolved',
  'settled|calmed down?', 'healed|eased|improved', 'is|its|got|much|feels|feeling|looks|way|lot|loads better', 'better now', 'any more', 'anymore', 'fine now',
  'nothing|none since|after|now', 'se fue', 'desaparecio', 'ya? paro', 'se quito', 'bajo', 'mejor', 'mejoro',
];

/**
 * A negator reaches past a comma only into a list: "no redness, swelling or heat". Without one of
 * these the comma starts something new: "not bleeding, oozing".
 */
export const LIST_WORDS: readonly string[] = ['or', 'nor', 'ni', 'o'];

/** Right after a sign, these mean it is here now, whatever came before: "never had swelling like this". */
export const COMPARISONS: readonly string[] = ['like this|that', 'this|that|so bad|much', 'before'];

/** Just before a cessation, these leave the sign standing: "the bleeding has almost stopped". */
export const SOFTENERS: readonly string[] = ['almost', 'nearly', 'partly', 'partially', 'half', 'barely', 'casi'];

/**
 * Just before a later cessation, a first-person word means it is about something the client did
 * ("it's bleeding since I stopped the cream"), not the sign.
 */
export const FIRST_PERSON: readonly string[] = ['i', 'im', 'ive', 'id', 'me', 'we', 'yo'];

/**
 * A cessation in a later clause takes a sign back only when that clause is just these words and
 * the cessation: "I bled a little but it stopped", "swollen on day 1, that has gone down now".
 */
export const CESSATION_LINKS: readonly string[] = [
  'but', 'and', 'though', 'although', 'it', 'its', 'that', 'thats', 'which', 'this', 'they', 'theyve', 'has', 'have',
  'had', 'is', 'was', 'are', 'were', 'been', 'all', 'now', 'already', 'then', 'completely', 'totally', 'fully',
  'mostly', 'pretty', 'much', 'quickly', 'soon', 'finally', 'thankfully', 'luckily', 'basically', 'seems', 'to',
  'pero', 'ya', 'se', 'y',
];

/** How far a negator reaches forward, and a cessation back or forward, in words. */
export const NEGATOR_REACH = 5;
export const PERSISTENCE_REACH = 3;
export const CESSATION_REACH_BACK = 8;
export const CESSATION_REACH_FORWARD = 2;

/** Just before a sign, these say it is over: "it stopped bleeding", "ya paró de sangrar". */
export const STOPPED_BEFORE: readonly string[] = ['stopped|quit', 'ya? paro|dejo de?'];
