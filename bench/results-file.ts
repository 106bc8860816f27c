/**
 * bench/RESULTS.md for a run of one item: that item's rows, its "how it is measured" block and its
 * "goals missed" block replace the ones already in the file (or join it), and every other item's
 * figures stay as their own run wrote them. Blocks are found by HTML comments the bench writes
 * around them; table rows by their first cell, the item number.
 */

const open = (name: string) => `<!-- item ${name} -->`;
const close = (name: string) => `<!-- /item ${name} -->`;

/** `lines` between the markers of block `name`, followed by a blank line. */
export function markedItem(name: string, lines: string[]): string[] {
  return [open(name), ...lines, close(name), ''];
}

function blockOf(text: string, name: string): string | undefined {
  const from = text.indexOf(open(name));
  const to = text.indexOf(close(name));
  return from >= 0 && to > from ? text.slice(from, to + close(name).length) : undefined;
}

/** Replaces block `name` in `text`, or puts it before `before` (the end when `before` is absent). */
function putBlock(text: string, name: string, block: string, before: string | undefined): string {
  const old = blockOf(text, name);
  if (old) return text.replace(old, () => block);
  const at = before ? text.indexOf(before) : -1;
  if (at < 0) return `${text.trimEnd()}\n\n${block}\n`;
  return `${text.slice(0, at)}${block}\n\n${text.slice(at)}`;
}

const itemOfRow = (line: string) => /^\| ([^|]+?) \|/.exec(line)?.[1];

/** The table rows of `item` in `fresh` replace those in `old`, placed after the rows of lower items. */
function spliceRows(old: string, fresh: string, item: string): string {
  const freshRows = fresh.split('\n').filter((l) => itemOfRow(l) === item);
  const lines = old.split('\n').filter((l) => itemOfRow(l) !== item);
  const tableStart = lines.findIndex((l) => l.startsWith('| # |'));
  if (tableStart < 0) throw new Error('the results file has no table to put the rows in');
  let at = tableStart + 2; // after the header and its |---| line
  while (at < lines.length && lines[at]!.startsWith('|')) {
    const n = Number(itemOfRow(lines[at]!));
    if (Number.isFinite(n) && n > Number(item)) break;
    at++;
  }
  lines.splice(at, 0, ...freshRows);
  return lines.join('\n');
}

/** `old` (a results file) with item `item` as `fresh` (a results file of a run of that item) has it. */
export function spliceItem(old: string, fresh: string, item: string): string {
  let text = spliceRows(old, fresh, item);
  for (const [name, before] of [
    [item, '## Goals missed, and why'],
    [`${item}: missed`, undefined],
  ] as const) {
    const block = blockOf(fresh, name);
    if (block) text = putBlock(text, name, block, before);
  }
  return text;
}
