/**
 * What a `npm test -- <jest args>` run selects, read from the arguments alone: enough to skip
 * providing Chromium for runs that cannot reach a browser test (all of which are end-to-end tests).
 */

/** Jest options that take the next argument as their value (the ones a person is likely to pass). */
const OPTIONS_WITH_VALUE = new Set([
  '--selectProjects',
  '--ignoreProjects',
  '--testNamePattern',
  '-t',
  '--outputFile',
  '--config',
  '-c',
  '--maxWorkers',
  '-w',
  '--testTimeout',
  '--shard',
  '--seed',
  '--reporters',
  '--coverageDirectory',
  '--testPathPatterns',
  '--testPathIgnorePatterns',
]);

interface Selection {
  projects: string[] | undefined;
  ignoredProjects: string[];
  pathPatterns: string[];
}

function selectionOf(args: readonly string[]): Selection {
  const selection: Selection = { projects: undefined, ignoredProjects: [], pathPatterns: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const values: string[] = [];
    if (inline !== undefined) values.push(inline);
    else if (OPTIONS_WITH_VALUE.has(flag)) {
      // --selectProjects takes every following word up to the next option.
      const many = flag === '--selectProjects' || flag === '--ignoreProjects' || flag === '--testPathPatterns';
      while (i + 1 < args.length && !args[i + 1]!.startsWith('-')) {
        values.push(args[++i]!);
        if (!many) break;
      }
    }
    if (flag === '--selectProjects') selection.projects = [...(selection.projects ?? []), ...values];
    else if (flag === '--ignoreProjects') selection.ignoredProjects.push(...values);
    else if (flag === '--testPathPatterns') selection.pathPatterns.push(...values);
    else if (!arg.startsWith('-')) selection.pathPatterns.push(arg);
  }
  return selection;
}

/**
 * False only when the arguments rule out every end-to-end test file (`e2eFiles`, paths as jest sees
 * them): by project, or by path patterns none of which matches one. Anything unclear counts as true.
 */
export function mayRunEndToEnd(args: readonly string[], e2eFiles: readonly string[]): boolean {
  const { projects, ignoredProjects, pathPatterns } = selectionOf(args);
  if (projects && !projects.includes('e2e')) return false;
  if (ignoredProjects.includes('e2e')) return false;
  if (pathPatterns.length === 0) return true;
  return pathPatterns.some((pattern) => {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'i');
    } catch {
      return true;
    }
    return e2eFiles.some((file) => regex.test(file));
  });
}
