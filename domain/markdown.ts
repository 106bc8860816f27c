/**
 * Free text (an operator's cancel, pause or resend reason) shown where Markdown with HTML is
 * rendered, as the Temporal UI renders a run's current details: it must read as the words typed
 * and never become a tag, a link, an image or formatting.
 */
import { escapeHtml } from './html';

// Inside a line Markdown reads these as syntax: the escape itself, code, emphasis, strikethrough,
// tables, headings, links and images. HTML (tags, autolinks, entities) is left to escapeHtml.
const INLINE_SYNTAX = /[\\`*_~|#[\]()!]/g;
// At the start of a paragraph these begin a list item.
const LIST_MARKER = /^( ?)([-+]|\d+(?=[.)]))([.)]?)/;

/** `text` on one line, with every Markdown and HTML special escaped; rendered, it shows as typed. */
export function inertText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  const escaped = oneLine.replace(INLINE_SYNTAX, '\\$&').replace(LIST_MARKER, (_m, space: string, marker: string, dot: string) =>
    dot ? `${space}${marker}\\${dot}` : `${space}\\${marker}`,
  );
  return escapeHtml(escaped);
}
