/** The dev server's command line for each way the project runs it (dev/dev-server.ts). */
import { devServerArgs, ONE_PARTITION_PER_TASK_QUEUE } from '../../dev/dev-server';
import { SEARCH_ATTRIBUTE_CLI_TYPES } from '../../workflows/contract';

/** The value of every `flag value` pair of `args`, in order. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));
}

describe('devServerArgs', () => {
  it('always registers every search attribute of the contract with its type', () => {
    const args = devServerArgs({}, 7233);
    expect(valuesOf(args, '--search-attribute')).toEqual(Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES).map(([k, t]) => `${k}=${t}`));
    expect(args.slice(0, 2)).toEqual(['server', 'start-dev']);
  });

  it("the local stack's: a SQLite file in WAL mode, its ports, namespace, UI codec endpoint, one partition per task queue", () => {
    const args = devServerArgs(
      { dbFile: '/data/temporal.sqlite', uiPort: 8233, namespace: 'clinics', uiCodecEndpoint: 'http://127.0.0.1:8234/t', dynamicConfig: ONE_PARTITION_PER_TASK_QUEUE },
      7233,
    );
    expect(valuesOf(args, '--db-filename')).toEqual(['/data/temporal.sqlite']);
    expect(valuesOf(args, '--sqlite-pragma')).toEqual(['journal_mode=wal']);
    expect(valuesOf(args, '--port')).toEqual(['7233']);
    expect(valuesOf(args, '--ui-port')).toEqual(['8233']);
    expect(valuesOf(args, '--namespace')).toEqual(['clinics']);
    expect(valuesOf(args, '--ui-codec-endpoint')).toEqual(['http://127.0.0.1:8234/t']);
    expect(valuesOf(args, '--dynamic-config-value')).toEqual(['matching.numTaskqueueReadPartitions=1', 'matching.numTaskqueueWritePartitions=1']);
    expect(args).not.toContain('--headless');
  });

  it("the fault runner's and the bench's: headless on loopback, in memory unless given a file, values as JSON", () => {
    const args = devServerArgs({ ip: '127.0.0.1', logLevel: 'warn', dynamicConfig: { 'matching.numTaskqueueReadPartitions': 4, 'some.flag': 'on' } }, 40000);
    expect(args).toContain('--headless');
    expect(valuesOf(args, '--ip')).toEqual(['127.0.0.1']);
    expect(valuesOf(args, '--log-level')).toEqual(['warn']);
    expect(args).not.toContain('--db-filename');
    expect(args).not.toContain('--ui-port');
    expect(valuesOf(args, '--dynamic-config-value')).toEqual(['matching.numTaskqueueReadPartitions=4', 'some.flag="on"']);
    // `default` always exists: asking for it again is not needed.
    expect(devServerArgs({ namespace: 'default' }, 1)).not.toContain('--namespace');
  });
});
