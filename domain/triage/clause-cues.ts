/**
 * Where a clause ends inside a sentence, so that "no fever but it's swollen" keeps the swelling.
 * A negator never reaches past one of these.
 */

/** A new clause starts at these words: "no pus, only swelling", "no fever and it's hot". */
export const CLAUSE_BREAKS: readonly string[] = [
  'but', 'though', 'although', 'however', 'except', 'yet', 'just', 'only', 'still', 'and', 'plus', 'also', 'now',
  'because', 'cause', 'cuz', 'since', 'while', 'whereas',
  'pero', 'aunque', 'solo', 'todavia', 'sigue', 'y', 'ahora', 'porque',
];

/** After a comma, a clause starts at these words: "no, it's bleeding", "no scabs, the swelling is worse". */
export const CLAUSE_STARTERS: readonly string[] = [
  'it', 'its', 'itll', 'there', 'theres', 'i', 'im', 'ive', 'my', 'the', 'this', 'that', 'thats', 'today', 'tonight',
  'yesterday', 'then', 'they', 'theyre', 'he', 'she', 'we', 'you', 'some', 'a', 'an',
  'tengo', 'me', 'esta', 'la', 'el', 'hoy', 'ayer', 'mi',
];
