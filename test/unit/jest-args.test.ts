/** Which `npm test -- <jest args>` runs can reach an end-to-end test (and so need Chromium): scripts/jest-args.ts. */
import { mayRunEndToEnd } from '../../scripts/jest-args';

const E2E = ['/repo/test/e2e/browser.test.ts', '/repo/test/e2e/api.test.ts'];

describe('mayRunEndToEnd', () => {
  it.each([
    [[]],
    [['--ci', '--json', '--outputFile=test-results/jest.json']],
    [['--selectProjects', 'unit', 'e2e']],
    [['--selectProjects=e2e']],
    [['test/e2e/browser']],
    [['browser']],
    [['-t', 'plan', 'test/e2e']],
    [['[unclosed']],
  ])('%j may', (args) => {
    expect(mayRunEndToEnd(args, E2E)).toBe(true);
  });

  it.each([
    [['--selectProjects', 'unit']],
    [['--selectProjects', 'unit', 'workflow', '--ci']],
    [['--ignoreProjects', 'e2e']],
    [['test/unit/plan.test.ts']],
    [['-t', 'browser', 'test/static']],
    [['--outputFile', 'e2e.json', 'test/unit']],
  ])('%j cannot', (args) => {
    expect(mayRunEndToEnd(args, E2E)).toBe(false);
  });
});
