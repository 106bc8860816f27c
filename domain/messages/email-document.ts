/**
 * A small document language for the emails: paragraphs, headings, bullet lists and line groups of
 * text and links. One structure per email, rendered to plain text and to HTML alike, so the two
 * parts of an email can never say different things.
 */
import { escapeHtml } from '../html';
import { DEFAULT_LANGUAGE, type Language } from '../i18n';

export type Inline = string | { href: string };
export type Block =
  | { kind: 'p'; parts: Inline[] }
  | { kind: 'h'; parts: Inline[] }
  | { kind: 'ul'; items: Inline[][] }
  | { kind: 'lines'; lines: Inline[][] };

export const p = (...parts: Inline[]): Block => ({ kind: 'p', parts });
export const h = (...parts: Inline[]): Block => ({ kind: 'h', parts });
export const ul = (items: Inline[][]): Block => ({ kind: 'ul', items });
export const lines = (...rows: Inline[][]): Block => ({ kind: 'lines', lines: rows });
export const link = (href: string): Inline => ({ href });

const inlineText = (parts: Inline[]): string => parts.map((x) => (typeof x === 'string' ? x : x.href)).join('');

function inlineHtml(parts: Inline[]): string {
  return parts
    .map((x) => {
      if (typeof x === 'string') return escapeHtml(x);
      // Only web links become clickable; anything else is shown as plain text.
      return /^https?:\/\//i.test(x.href)
        ? `<a href="${escapeHtml(x.href)}" style="color:#1a5f7a">${escapeHtml(x.href)}</a>`
        : escapeHtml(x.href);
    })
    .join('');
}

/** The plain-text part: headings underlined, lists dashed, blocks a blank line apart. */
export function renderText(blocks: Block[]): string {
  return (
    blocks
      .map((b) => {
        switch (b.kind) {
          case 'p':
            return inlineText(b.parts);
          case 'h': {
            const t = inlineText(b.parts);
            return `${t}\n${'-'.repeat(Math.min(60, Array.from(t).length))}`;
          }
          case 'ul':
            return b.items.map((i) => `- ${inlineText(i)}`).join('\n');
          case 'lines':
            return b.lines.map(inlineText).join('\n');
        }
      })
      .join('\n\n') + '\n'
  );
}

/**
 * The HTML part: a whole document with inline styles, as mail clients ignore style sheets. Its
 * `lang` lets screen readers and translation offers read the email in the client's language.
 */
export function renderHtml(subject: string, blocks: Block[], lang: Language = DEFAULT_LANGUAGE): string {
  const body = blocks
    .map((b) => {
      switch (b.kind) {
        case 'p':
          return `<p style="margin:0 0 16px">${inlineHtml(b.parts)}</p>`;
        case 'h':
          return `<h2 style="font-size:17px;margin:24px 0 8px">${inlineHtml(b.parts)}</h2>`;
        case 'ul':
          return `<ul style="margin:0 0 16px;padding-left:20px">${b.items
            .map((i) => `<li style="margin:0 0 6px">${inlineHtml(i)}</li>`)
            .join('')}</ul>`;
        case 'lines':
          return `<p style="margin:0 0 16px">${b.lines.map(inlineHtml).join('<br>')}</p>`;
      }
    })
    .join('\n');
  return [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f5f5f3;font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">',
    body,
    '</div></body></html>',
    '',
  ].join('\n');
}
