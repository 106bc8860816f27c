/** The machine a bench run measured, and what else was busy on it, for the record. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { liveChildren } from '../dev/child-processes';
import { PINNED_WHEELS, requireTool } from '../dev/temporal-toolchain';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  temporalCli: string;
  testServer: string;
  sdk: string;
}

export function machineInfo(): MachineInfo {
  const cli = requireTool('cli');
  const cliVersion = spawnSync(cli, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const sdk = (JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string }).version;
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    temporalCli: cliVersion || 'unknown',
    testServer: `temporal-test-server ${PINNED_WHEELS.testServer.version} (PyPI wheel ${PINNED_WHEELS.testServer.pkg})`,
    sdk: `@temporalio/* ${sdk}`,
  };
}

/**
 * Other busy processes on the machine (not this bench, its ancestors or its children), for the
 * record: they share the CPUs and skew timings.
 */
export function otherActivity(minCpu = 1): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid,ppid,pgid,pcpu,args', '--sort=-pcpu'], { encoding: 'utf8' });
  if (ps.status !== 0) return [];
  const rows = ps.stdout
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 5)
    .map((f) => ({ pid: Number(f[0]), ppid: Number(f[1]), pgid: Number(f[2]), cpu: Number(f[3]), args: f.slice(4).join(' ') }));
  const parent = new Map(rows.map((r) => [r.pid, r.ppid]));
  const ancestors = new Set<number>();
  for (let pid: number | undefined = process.pid; pid && !ancestors.has(pid); pid = parent.get(pid)) ancestors.add(pid);
  const groups = new Set<number>(liveChildren().map((c) => c.proc.pid ?? -1));
  const isOurs = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p && hops < 50; p = parent.get(p), hops++) {
      if (p === process.pid || groups.has(p)) return true;
    }
    return false;
  };
  return rows
    .filter((r) => !ancestors.has(r.pid) && !isOurs(r.pid) && !groups.has(r.pgid) && r.cpu >= minCpu)
    .filter((r) => !/^(ps|\[)/.test(r.args))
    .map((r) => `pid ${r.pid}, ${r.cpu}% CPU: ${r.args.slice(0, 140)}`)
    .slice(0, 12);
}
