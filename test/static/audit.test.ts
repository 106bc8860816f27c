/**
 * The dependency audit's verdict (scripts/audit.ts) over npm audit's JSON report: a high or
 * critical finding fails unless explained, an unreachable advisory service is never a pass.
 */
import { readFileSync } from 'node:fs';
import { auditVerdict, EXCEPTIONS_FILE, exceptionsSchema, type AuditException } from '../../scripts/audit';

// The shape `npm audit --json` prints (auditReportVersion 2), trimmed to what the verdict reads.
const report = (vulnerabilities: Record<string, { severity: string; via: unknown[] }>) =>
  JSON.stringify({ auditReportVersion: 2, vulnerabilities, metadata: {} });
const advisory = (url: string, severity: string) => ({ source: 1, name: 'x', title: 'A flaw', url, severity, range: '<9' });

describe('auditVerdict', () => {
  it('passes a clean report', () => {
    expect(auditVerdict(report({}), [])).toEqual({ kind: 'checked', unexplained: [], explained: 0, lowerSeverity: 0 });
  });

  it('fails on a high finding in a package, naming the package and advisory, and not on the packages that only pull it in', () => {
    const verdict = auditVerdict(
      report({
        'deep-lib': { severity: 'high', via: [advisory('https://github.com/advisories/GHSA-aaaa', 'high')] },
        'wrapper-lib': { severity: 'high', via: ['deep-lib'] },
        'chatty-lib': { severity: 'moderate', via: [advisory('https://github.com/advisories/GHSA-bbbb', 'moderate')] },
      }),
      [],
    );
    expect(verdict).toEqual({
      kind: 'checked',
      unexplained: [{ package: 'deep-lib', severity: 'high', advisories: ['https://github.com/advisories/GHSA-aaaa'] }],
      explained: 0,
      lowerSeverity: 1,
    });
  });

  it('accepts a finding explained for that package and advisory only', () => {
    const exceptions: AuditException[] = [
      { package: 'deep-lib', advisory: 'https://github.com/advisories/GHSA-aaaa', reason: 'Only its CLI is affected, which nothing here runs.', reviewed: '2026-11-24' },
    ];
    const vulns = {
      'deep-lib': { severity: 'critical', via: [advisory('https://github.com/advisories/GHSA-aaaa', 'critical'), advisory('https://github.com/advisories/GHSA-cccc', 'high')] },
    };
    const verdict = auditVerdict(report(vulns), exceptions);
    expect(verdict.kind === 'checked' && verdict.unexplained).toEqual([
      { package: 'deep-lib', severity: 'critical', advisories: ['https://github.com/advisories/GHSA-cccc'] },
    ]);
    expect(auditVerdict(report({ 'deep-lib': { severity: 'critical', via: [vulns['deep-lib'].via[0]] } }), exceptions)).toMatchObject({ explained: 1, unexplained: [] });
  });

  it('never reads an unreachable advisory service as a pass', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '', detail: '' } });
    expect(auditVerdict(refused, [])).toEqual({ kind: 'unavailable', reason: expect.stringContaining('405 Method Not Allowed') });
    expect(auditVerdict('', [])).toMatchObject({ kind: 'unavailable' });
  });

  it('keeps a valid exceptions file, where each entry must give a reason', () => {
    expect(exceptionsSchema.safeParse(JSON.parse(readFileSync(EXCEPTIONS_FILE, 'utf8'))).success).toBe(true);
    expect(exceptionsSchema.safeParse([{ package: 'x', advisory: 'y', reason: 'n/a', reviewed: '2026-11-24' }]).success).toBe(false);
  });
});
