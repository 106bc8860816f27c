/** `npx aftercare triage`, run as a user runs it: the real bin, a child process, stdout and exit code. */
import { aftercare } from '../support/aftercare-cli';

describe('aftercare triage', () => {
  it('prints the class and the words that decided it as JSON', () => {
    const r = aftercare(['triage', '--json', "my scalp is hot and there's yellow PUS"]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ class: 'urgent', matched: ['hot', 'PUS'] });
  });

  it('prints one readable line without --json', () => {
    const r = aftercare(['triage', 'Can I book my next session?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('booking: "book", "next session"\n');
  });

  it('takes unquoted words as one reply, and says when no listed word decided', () => {
    expect(aftercare(['triage', '--json', 'no', 'swelling', 'at', 'all']).stdout).toBe(
      `${JSON.stringify({ class: 'other', matched: [] }, null, 2)}\n`,
    );
    expect(aftercare(['triage', 'see', 'you', 'soon']).stdout).toBe('other: no listed words\n');
  });

  it.each([
    [['triage'], /<text> is required/],
    [['triage', '--json', '   '], /<text> is required/],
    [['triage', '--bogus', 'pus'], /Unknown option '--bogus'/],
  ])('%j: one-line error naming the argument, exit code 2', (args, message) => {
    const r = aftercare(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('is listed in the help', () => {
    expect(aftercare(['--help']).stdout).toMatch(/triage\s+classify one client reply/);
  });
});
