/**
 * The README's results table: every row of bench/RESULTS.md's table that has a goal of its own,
 * with its median and spread, whether it was met, and why not. It is made from the results file
 * (not from one run), so after a run of some items (`--only=`) it shows the spliced whole.
 */

export const README_OPEN = '<!-- bench results: npm run bench writes this table from bench/RESULTS.md -->';
export const README_CLOSE = '<!-- /bench results -->';

export interface GoalRow {
  item: string;
  metric: string;
  goal: string;
  measured: string;
  met: boolean;
  /** The one-line reason RESULTS.md gives for a missed goal, and the anchor of its notes. */
  why?: string;
  anchor?: string;
}

/** Rows with a goal of their own (not '—', not a qualifier in parentheses) from RESULTS.md's table. */
export function goalRows(results: string): GoalRow[] {
  const out: GoalRow[] = [];
  for (const line of results.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| # |') || line.startsWith('|---')) continue;
    const cells = line.slice(2, -2).split(' | ');
    if (cells.length < 5) continue;
    // A metric may hold ' | ' only if the bench wrote one: the goal, measured and met cells are the last three.
    const [item, ...rest] = cells;
    const met = rest.pop()!;
    const measured = rest.pop()!;
    const goal = rest.pop()!;
    const metric = rest.join(' | ');
    if (!goal || goal === '—' || goal.startsWith('(')) continue;
    const missed = /^\*\*no\*\*/.exec(met);
    const reason = /^\*\*no\*\* — (.*) \(\[why\]\(#([\w-]+)\)\)$/.exec(met);
    out.push({
      item: item!,
      metric,
      goal,
      measured,
      met: !missed,
      ...(reason ? { why: reason[1]!, anchor: reason[2]! } : {}),
    });
  }
  return out;
}

/** The table in the README: links point into `resultsLink` (the README's path to RESULTS.md). */
export function readmeTable(results: string, resultsLink = 'bench/RESULTS.md'): string {
  const rows = goalRows(results);
  const produced = /^Produced by `([^`]+)` on (\S+) in \*\*([^*:]+)/m.exec(results);
  const lines = [
    produced
      ? `From [${resultsLink}](${resultsLink}), last written by \`${produced[1]}\` on ${produced[2]!.slice(0, 16).replace('T', ' ')} UTC (${produced[3]}); a run of some items (\`--only=\`) replaces only theirs, and each item there names the run that measured it.`
      : `From [${resultsLink}](${resultsLink}).`,
    '',
    '| # | measure | goal | measured: median (min–max, n) | met? | why not |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const why = r.met ? '' : `${r.why ? `${r.why} ` : ''}([notes](${resultsLink}#${r.anchor ?? `why-${r.item}`}))`;
      return `| ${r.item} | ${r.metric} | ${r.goal} | ${r.measured} | ${r.met ? 'met' : '**missed**'} | ${why} |`;
    }),
  ];
  return lines.join('\n');
}

/** `readme` with the text between the markers replaced by the table; unchanged (and false) without markers. */
export function readmeWithResults(readme: string, results: string, resultsLink = 'bench/RESULTS.md'): { text: string; replaced: boolean } {
  const from = readme.indexOf(README_OPEN);
  const to = readme.indexOf(README_CLOSE);
  if (from < 0 || to < from) return { text: readme, replaced: false };
  const text = `${readme.slice(0, from + README_OPEN.length)}\n${readmeTable(results, resultsLink)}\n${readme.slice(to)}`;
  return { text, replaced: true };
}
