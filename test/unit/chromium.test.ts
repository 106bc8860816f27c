/**
 * How `npm test` provides Chromium (dev/chromium.ts), on pretend machines: nothing is installed or
 * run here, the file system and apt-get are stand-ins.
 */
import { CHROMIUM_ADVICE, ChromiumError, ensureChromium, findChromium, planChromium, type ChromiumHost } from '../../dev/chromium';

function host(opts: { executables?: string[]; env?: NodeJS.ProcessEnv; uid?: number }): ChromiumHost & { executables: Set<string> } {
  const executables = new Set(opts.executables ?? []);
  return {
    executables,
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...opts.env },
    isExecutable: (file) => executables.has(file),
    uid: opts.uid ?? 1000,
  };
}

describe('finding Chromium', () => {
  it('takes CHROMIUM_PATH first, then Debian’s /usr/bin/chromium, then PATH', () => {
    const all = ['/opt/chrome/chrome', '/usr/bin/chromium', '/usr/local/bin/chromium-browser'];
    expect(findChromium(host({ executables: all, env: { CHROMIUM_PATH: '/opt/chrome/chrome' } }))).toBe('/opt/chrome/chrome');
    expect(findChromium(host({ executables: all }))).toBe('/usr/bin/chromium');
    expect(findChromium(host({ executables: ['/usr/local/bin/chromium-browser'] }))).toBe('/usr/local/bin/chromium-browser');
    expect(findChromium(host({ executables: [] }))).toBeUndefined();
  });

  it('refuses a CHROMIUM_PATH that is not an executable rather than quietly using another', () => {
    expect(() => findChromium(host({ executables: ['/usr/bin/chromium'], env: { CHROMIUM_PATH: '/nope/chromium' } }))).toThrow(
      new ChromiumError('CHROMIUM_PATH=/nope/chromium is not an executable file'),
    );
  });
});

describe('when Chromium is missing', () => {
  it('root with apt-get installs Debian’s package: apt-get update, then apt-get install -y chromium', () => {
    expect(planChromium(host({ executables: ['/usr/bin/apt-get'], uid: 0 }))).toEqual({
      action: 'install',
      commands: [
        { command: '/usr/bin/apt-get', args: ['update'] },
        { command: '/usr/bin/apt-get', args: ['install', '-y', 'chromium'] },
      ],
    });
  });

  it('anyone else, or a machine without apt-get, gets one line saying what to install', () => {
    expect(planChromium(host({ executables: ['/usr/bin/apt-get'], uid: 1000 }))).toEqual({ action: 'advise', line: CHROMIUM_ADVICE });
    expect(planChromium(host({ executables: [], uid: 0 }))).toEqual({ action: 'advise', line: CHROMIUM_ADVICE });
    expect(CHROMIUM_ADVICE).not.toContain('\n');
    expect(CHROMIUM_ADVICE).toMatch(/apt-get install chromium/);
    expect(CHROMIUM_ADVICE).toMatch(/CHROMIUM_PATH/);
  });

  it('installs non-interactively with one note, and returns the Chromium apt-get put in place', () => {
    const machine = host({ executables: ['/usr/bin/apt-get'], uid: 0, env: { LANG: 'C.UTF-8' } });
    const ran: Array<{ command: string; args: string[]; frontend: string | undefined; lang: string | undefined }> = [];
    const notes: string[] = [];
    const found = ensureChromium(
      machine,
      (command, args, env) => {
        ran.push({ command, args, frontend: env.DEBIAN_FRONTEND, lang: env.LANG });
        if (args[0] === 'install') machine.executables.add('/usr/bin/chromium');
        return 0;
      },
      (line) => notes.push(line),
    );
    expect(found).toBe('/usr/bin/chromium');
    expect(ran).toEqual([
      { command: '/usr/bin/apt-get', args: ['update'], frontend: 'noninteractive', lang: 'C.UTF-8' },
      { command: '/usr/bin/apt-get', args: ['install', '-y', 'chromium'], frontend: 'noninteractive', lang: 'C.UTF-8' },
    ]);
    expect(notes).toHaveLength(1);
  });

  it('stops with the one line when apt-get fails, without trying to install after a failed update', () => {
    const ran: string[][] = [];
    expect(() =>
      ensureChromium(
        host({ executables: ['/usr/bin/apt-get'], uid: 0 }),
        (_command, args) => (ran.push(args), 100),
        () => undefined,
      ),
    ).toThrow(/`apt-get update` failed \(exit 100\)/);
    expect(ran).toEqual([['update']]);
  });

  it('without root, nothing is run and the error is the one line', () => {
    const run = jest.fn(() => 0);
    expect(() => ensureChromium(host({ executables: ['/usr/bin/apt-get'] }), run, () => undefined)).toThrow(new ChromiumError(CHROMIUM_ADVICE));
    expect(run).not.toHaveBeenCalled();
  });

  it('an existing Chromium is used as it is, with nothing run', () => {
    const run = jest.fn(() => 0);
    expect(ensureChromium(host({ executables: ['/usr/bin/chromium', '/usr/bin/apt-get'], uid: 0 }), run, () => undefined)).toBe('/usr/bin/chromium');
    expect(run).not.toHaveBeenCalled();
  });
});
