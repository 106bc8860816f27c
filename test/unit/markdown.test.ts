/**
 * inertText: free text (an operator's reason) shown in the Temporal UI's current details, which
 * the UI renders as Markdown with HTML, must read as the same words and never become markup.
 */
import { inertText } from '../../domain/markdown';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** What a Markdown renderer shows for the text: backslash escapes taken off, entities decoded. */
function shown(out: string): string {
  return out.replace(/\\(.)|&(amp|lt|gt|quot|#39);/g, (whole, escaped: string | undefined) => escaped ?? ENTITIES[whole]!);
}

/** The text with its escapes and entities taken out: what a renderer could still read as syntax. */
function unescapedRest(out: string): string {
  return out.replace(/\\.|&(amp|lt|gt|quot|#39);/g, '');
}

describe('inertText', () => {
  it.each([
    ['an HTML tag', '<img src=x onerror=alert(1)>'],
    ['a Markdown link', '[x](javascript:alert(1))'],
    ['a Markdown image', '![x](https://evil.example/t.png)'],
    ['an autolink', '<javascript:alert(1)>'],
    ['a reference link', '[x][1]\n\n[1]: javascript:alert(1)'],
    ['escaped brackets', '\\[x\\](javascript:alert(1))'],
    ['an entity', '&lt;img src=x onerror=alert(1)&gt;'],
    ['code, emphasis, a heading and a list', '`x` *y* _z_ ~~s~~ | t |\n# urgent\n- one\n+ two\n3. three'],
    ['a leading list item', '- one'],
    ['a leading numbered item', '\n 3. three'],
    ['a leading quote', '> quoted'],
  ])('leaves %s inert, showing the same words', (_what, text) => {
    const out = inertText(text);
    expect(out).not.toMatch(/<img|\]\(javascript:|<javascript:|\n/i);
    // Nothing a Markdown or HTML renderer reads as syntax is left unescaped.
    expect(unescapedRest(out)).not.toMatch(/[<>&"'`*_~|#[\]()!\\]/);
    expect(unescapedRest(out)).not.toMatch(/^\s*([-+]|\d+[.)])/);
    expect(shown(out)).toBe(text.replace(/\s+/g, ' '));
  });

  it('leaves plain words as they are', () => {
    expect(inertText('client moved away, asked to stop: ok')).toBe('client moved away, asked to stop: ok');
  });
});
