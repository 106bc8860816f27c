/**
 * A reply cut into sentences of typed words, each word with where it stands in the text (so that
 * `matched` quotes the client), and the punctuation that matters: a comma after a word, and
 * whether the sentence was asked ("?", "¿") or exclaimed ("!").
 */

export interface TypedWord {
  text: string;
  start: number;
  end: number;
  /** A comma, colon or dash follows this word. */
  commaAfter: boolean;
}

export interface TypedSentence {
  words: TypedWord[];
  asked: boolean;
  exclaimed: boolean;
}

const PIECES = new RegExp(
  [
    String.raw`(?<number>\p{N}+(?:[.,]\p{N}+)+)`,
    String.raw`(?<word>[\p{L}\p{N}]+(?:['’ʼ][\p{L}\p{N}]+)*)`,
    String.raw`(?<emoji>\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?|[\u{1F3FB}-\u{1F3FF}])*)`,
    String.raw`(?<and>&)`,
    String.raw`(?<opening>[¿¡])`,
    String.raw`(?<end>[.!?;…\n]+)`,
    String.raw`(?<comma>[,:()]|\s[-–—]+\s|[–—])`,
  ].join('|'),
  'gu',
);

export function tokenize(text: string): TypedSentence[] {
  const sentences: TypedSentence[] = [];
  let current: TypedSentence = { words: [], asked: false, exclaimed: false };
  const close = () => {
    if (current.words.length > 0) sentences.push(current);
    current = { words: [], asked: false, exclaimed: false };
  };
  for (const m of text.matchAll(PIECES)) {
    const g = m.groups!;
    const at = m.index;
    if (g.word !== undefined || g.number !== undefined || g.emoji !== undefined || g.and !== undefined) {
      current.words.push({ text: m[0], start: at, end: at + m[0].length, commaAfter: false });
    } else if (g.opening !== undefined) {
      close();
      if (g.opening === '¿') current.asked = true;
    } else if (g.end !== undefined) {
      if (g.end.includes('?')) current.asked = true;
      if (g.end.includes('!')) current.exclaimed = true;
      close();
    } else {
      const last = current.words[current.words.length - 1];
      if (last) last.commaAfter = true;
    }
  }
  close();
  return sentences;
}
