/**
 * `npm run audit:prod`: `npm audit --omit=dev`, failing on any high or critical finding in a
 * production dependency that scripts/audit-exceptions.json does not explain.
 *
 * Exit codes: 0 nothing unexplained; 1 unexplained high/critical findings (listed); 3 the advisory
 * service could not be asked (said plainly, never taken for a clean result).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT as ROOT } from '../platform/paths';

export const EXCEPTIONS_FILE = path.join(ROOT, 'scripts', 'audit-exceptions.json');

/** Each accepted finding names the package, the advisory and why it does not reach us. */
export const exceptionsSchema = z.array(
  z.strictObject({
    package: z.string().min(1),
    advisory: z.string().min(1),
    reason: z.string().min(20, { message: 'must explain, in a sentence, why the finding does not apply' }),
    reviewed: z.iso.date(),
  }),
);
export type AuditException = z.infer<typeof exceptionsSchema>[number];

const reportSchema = z.object({
  vulnerabilities: z.record(
    z.string(),
    z.object({
      severity: z.string(),
      via: z.array(z.union([z.string(), z.object({ url: z.string().optional(), title: z.string().optional(), severity: z.string().optional() })])),
    }),
  ),
});

export type AuditVerdict =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'checked'; unexplained: { package: string; severity: string; advisories: string[] }[]; explained: number; lowerSeverity: number };

/** Reads `npm audit --json` output into a verdict; pure, so it is tested without the network. */
export function auditVerdict(stdout: string, exceptions: AuditException[]): AuditVerdict {
  let raw: unknown;
  try {
    raw = JSON.parse(stdout);
  } catch {
    return { kind: 'unavailable', reason: 'npm audit printed no JSON report' };
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const message = (raw as { message?: unknown } | null)?.message;
    return { kind: 'unavailable', reason: typeof message === 'string' && message ? message : 'npm audit returned no report' };
  }
  const unexplained: { package: string; severity: string; advisories: string[] }[] = [];
  let explained = 0;
  let lowerSeverity = 0;
  for (const [name, finding] of Object.entries(parsed.data.vulnerabilities)) {
    if (finding.severity !== 'high' && finding.severity !== 'critical') {
      lowerSeverity++;
      continue;
    }
    // Only advisories on this package itself; a `via` string points at another entry, judged there.
    const advisories = finding.via.flatMap((v) => (typeof v === 'string' ? [] : [v.url ?? v.title ?? '(unnamed advisory)']));
    if (advisories.length === 0) continue;
    const open = advisories.filter((a) => !exceptions.some((e) => e.package === name && e.advisory === a));
    if (open.length === 0) explained++;
    else unexplained.push({ package: name, severity: finding.severity, advisories: open });
  }
  return { kind: 'checked', unexplained, explained, lowerSeverity };
}

function main(): void {
  const exceptions = exceptionsSchema.parse(JSON.parse(readFileSync(EXCEPTIONS_FILE, 'utf8')));
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const verdict = auditVerdict(run.stdout ?? '', exceptions);
  if (verdict.kind === 'unavailable') {
    process.stdout.write(`audit: could not ask the advisory service (${verdict.reason}); production dependencies NOT checked\n`);
    process.exit(3);
  }
  for (const u of verdict.unexplained) {
    process.stdout.write(`audit: ${u.severity} in ${u.package}: ${u.advisories.join(', ')}\n`);
  }
  process.stdout.write(
    `audit: ${verdict.unexplained.length} unexplained high/critical, ${verdict.explained} explained in scripts/audit-exceptions.json, ${verdict.lowerSeverity} of lower severity\n`,
  );
  process.exit(verdict.unexplained.length > 0 ? 1 : 0);
}

if (require.main === module) main();
