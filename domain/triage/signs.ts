/**
 * What a reply must mention to be `urgent`: the signs of a possible complication, one group per
 * sign, in the phrase language of ./phrases.ts (words are compared after ./normalize.ts and
 * ./spell.ts, so lower case, no accents, no apostrophes). A sign stays urgent when the client asks
 * about it ("is it normal that it's bleeding?"): a missed complication costs far more than a call.
 * English first, then the common Spanish words.
 */
export interface SignGroup {
  sign: string;
  phrases: readonly string[];
}

export const URGENT_SIGNS: readonly SignGroup[] = [
  {
    sign: 'bleeding',
    phrases: ['bleeding|bleed|bleeds|bled|blood|bloody|bleeder', 'sangra|sangrando|sangre|sangrado|sangrar|sangró', '🩸'],
  },
  {
    sign: 'pus or oozing',
    phrases: [
      'pus|oozing|ooze|oozes|oozed|oozy|discharge|weeping|seeping|leaking|leaks|draining|drainage',
      'yellow|yellowish|green|greenish|cloudy|white ... stuff|liquid|fluid|goo|gunk|crust|crusts|crusty|coming|discharge',
      'stuff|liquid|fluid|goo|gunk|crust|crusts|crusty ... yellow|yellowish|green|greenish|cloudy',
      'supura|supurando|secrecion',
      'liquido|costra|costras|pus ... amarillo|amarilla|amarillento|verde|verdoso',
      'amarillo|amarilla|amarillento|verde|verdoso ... liquido|costra|costras',
    ],
  },
  {
    sign: 'infection',
    phrases: ['infected|infection|infections|infecting|septic|abscess', 'infectado|infectada|infeccion'],
  },
  {
    sign: 'bad smell',
    phrases: [
      'smells|smell|smelling bad|funny|weird|off|awful|horrible|gross|strange|rotten|foul|nasty',
      'bad|funny|weird|strange|foul|awful|horrible|nasty smell|odor|odour',
      'stinks|stinky|stinking|smelly',
      'huele mal',
    ],
  },
  {
    sign: 'spreading redness',
    phrases: [
      'spreading|spread|spreads|streaks|streak|streaky|redder|angry|inflamed|inflammation',
      'red lines|line',
      'extiende|extendiendo|inflamado|inflamada|inflamacion',
    ],
  },
  {
    sign: 'swelling',
    phrases: [
      'swelling|swollen|swelled|swell|swells|puffy|puffed|puffing|puffiness|lump|lumps',
      'hinchado|hinchada|hinchazon|hinchados|hinchadas|bulto',
    ],
  },
  {
    sign: 'heat',
    phrases: [
      'hot|heat|burning|burns|warm|warmth',
      'on fire',
      'warm to the? touch',
      'caliente|calor|arde',
      '🥵',
    ],
  },
  {
    sign: 'fever',
    phrases: [
      'fever|feverish|fevers|chills|shivering|shivers',
      'a|high|running|slight|got|have|has|had temperature|temp',
      'temperature|temp of|is|was|at|reads? 38|39|40|101|102|103|104',
      'fiebre|calentura|escalofrios',
      '🤒|🌡',
    ],
  },
  {
    sign: 'blisters',
    phrases: ['blister|blisters|blistering|blistered|blistery', 'ampolla|ampollas'],
  },
  {
    sign: 'rash',
    phrases: [
      'rash|rashes|hives|welts|bump|bumps|bumpy|pimples|pimple|whiteheads|whitehead|boils|boil',
      'white|yellow head|heads',
      'breaking|broke|broken|broken out',
      'sarpullido|ronchas|granos|granitos|erupcion',
    ],
  },
  {
    sign: 'allergic reaction',
    phrases: [
      'allergic|allergy|allergies|reaction|anaphylaxis|anaphylactic',
      'cant|cannot really? breathe',
      'trouble|difficulty|hard|struggling to? breathing|breathe',
      'short of breath',
      'throat ... tight|closing|swelling',
      'alergia|alergica|alergico|reaccion',
      'no puedo respirar',
    ],
  },
  {
    sign: 'severe or growing pain',
    phrases: [
      'severe|excruciating|unbearable|agony|agonizing|agonising|throbbing|pounding',
      'pain|hurts|hurting ... killing me',
      'worse|worsening|worsen|worsened',
      'worst pain',
      'pain|hurts|hurting|painful ... 7|8|9|10 out? of? 10',
      'getting|got|gets bigger',
      'growing|grows',
      'really|very|so|extremely|super|incredibly|pretty|quite painful',
      'hurts|hurting|aching so|really|too? much|bad|badly|more',
      'hurts|hurting|aching a lot',
      'hurts|hurting|aching|painful like hell|crazy|mad',
      'a lot of pain',
      'lots of pain',
      'so much pain',
      'sharp|shooting pain|pains',
      'duele mucho',
      'mucho|fuerte dolor',
      'dolor fuerte|intenso|insoportable',
      'insoportable|insufrible',
      'duele|dolor|arde|hinchado|hinchada|rojo|roja|caliente cada vez mas',
      'cada vez mas dolor|hinchado|hinchada|rojo|roja|caliente|inflamado|inflamada',
      'empeora|empeorando|peor',
    ],
  },
  {
    sign: 'feeling unwell',
    phrases: [
      'feel|feeling|felt|am|im sick|unwell|ill|faint|dizzy|nauseous|shaky',
      'unwell|dizzy|nausea|nauseous|vomiting|vomited|fainted',
      'throwing|threw up',
      'passed out',
      'under the weather',
      'me siento mal',
      'mareado|mareada|vomito|vomitando',
      '🤢|🤮',
    ],
  },
  {
    sign: 'emergency',
    phrases: ['emergency|hospital|ambulance', 'urgent care', 'urgencias'],
  },
];

/**
 * Ordinary healing, expected after a session: a reply asking about these alone is a `question`,
 * not an alarm. They only name the topic of a question in `matched`.
 */
export const HEALING_TOPICS: readonly string[] = [
  'itch|itchy|itches|itching|itchiness',
  'scab|scabs|scabbing|scabby|scabbed',
  'flake|flakes|flaky|flaking|flakey|peeling|peel',
  'dry|dryness|tight|tightness|tender|tenderness|sore|soreness',
  'red|redness|pink|pinkish',
  'tingling|tingly|numb|numbness',
  'pica|pique|picor|comezon|costras|costra|seco|reseca|reseco|tirante|rojo|roja|rojez|enrojecimiento',
];
