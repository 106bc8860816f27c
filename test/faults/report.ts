/** The fault runs' table and the one summary line CI looks for. */
import type { RunResult } from './fault-run';
import { total } from './verdict';

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

export function reportTable(results: RunResult[]): string {
  const head = ['run', 'clients', 'kills', 'restarts', 'expected', 'sms', 'email', 'clinic', 'delivered', 'duplicated', 'lost', 'unexpected', 'seconds'];
  const rows = results.map((r) => {
    const v = r.verdict;
    const cell = (n: number | undefined) => (n === undefined ? '-' : String(n));
    return [
      r.name,
      String(r.clients),
      String(r.kills),
      String(r.restarts),
      cell(v && total(v.expected)),
      v ? `${v.delivered.sms}/${v.expected.sms}` : '-',
      v ? `${v.delivered.email}/${v.expected.email}` : '-',
      v ? `${v.delivered.clinic}/${v.expected.clinic}` : '-',
      cell(v && total(v.delivered)),
      cell(v?.duplicated),
      cell(v?.lost),
      cell(v?.unexpected),
      r.seconds.toFixed(0),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const lines = [pad(head, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((row) => pad(row, widths))];
  lines.push('', '(sms, email, clinic: delivered/expected per channel; clinic = notices to the clinic by email)');
  for (const r of results) {
    lines.push('', `${r.name}: ${r.title}`);
    for (const note of r.notes) lines.push(`  - ${note}`);
    if (r.verdict?.resentAfterKill) {
      lines.push(`  - ${r.verdict.resentAfterKill} email(s) sent a second time, byte-identical with the same Message-ID, after a kill in the crash window (SMTP's documented limit)`);
    }
    for (const f of r.failures) lines.push(`  FAILED: ${f}`);
    if (r.dir) lines.push(`  logs and data kept in ${r.dir}`);
  }
  return lines.join('\n');
}

export function summaryLine(results: RunResult[]): string {
  const sum = (f: (r: RunResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return (
    `faults: runs ${results.length}, kills ${sum((r) => r.kills)}, restarts ${sum((r) => r.restarts)}, ` +
    `expected ${sum((r) => (r.verdict ? total(r.verdict.expected) : 0))}, delivered ${sum((r) => (r.verdict ? total(r.verdict.delivered) : 0))}, ` +
    `duplicated ${sum((r) => r.verdict?.duplicated ?? 0)}, lost ${sum((r) => r.verdict?.lost ?? 0)}` +
    // Not hidden in "duplicated 0": SMTP's crash window, counted on its own (see verdict.ts).
    `; emails re-sent after a kill (same Message-ID) ${sum((r) => r.verdict?.resentAfterKill ?? 0)}`
  );
}
