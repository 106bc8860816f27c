/**
 * Names people read (domain/display-name.ts): what a staff member would see in an email subject
 * or on the front desk must be what was typed, so bidirectional controls and invisible-only names
 * are refused, at enrolment (client.firstName) and for a clinic (name), naming the field.
 */
import { parseEnrollment } from '../../app/enrollment-schema';
import { InvalidInputError } from '../../app/errors';
import { displayNameProblem } from '../../domain/display-name';

const NOW = new Date('2026-03-10T15:00:00Z');
const body = (firstName: string) => ({
  clinicId: 'eastgate',
  clientRef: 'C-1001',
  client: { firstName, email: 'jordan@example.com', timezone: 'America/New_York', consent: { sms: false, email: true } },
  session: { number: 1, performedAt: '2026-03-10T14:00:00Z' },
});

function issuesOf(firstName: string): unknown {
  try {
    parseEnrollment(body(firstName), NOW);
    return undefined;
  } catch (err) {
    if (err instanceof InvalidInputError) return err.issues;
    throw err;
  }
}

describe('display names', () => {
  it.each([
    ['a right-to-left override (Jo\\u202Egnp.exe shows as Joexe.png)', 'Jo\u202Egnp.exe', /bidirectional/],
    ['each embedding and override', '\u202A\u202B\u202C\u202D', /bidirectional/],
    ['each isolate', 'a\u2066b\u2067c\u2068d\u2069', /bidirectional/],
    ['a left-to-right mark', 'Jordan\u200E', /bidirectional/],
    ['an Arabic letter mark', '\u061CJordan', /bidirectional/],
    ['zero-width spaces only', '\u200B\u200B', /visible characters/],
    ['joiners and a word joiner only', '\u200C\u200D\u2060', /visible characters/],
    ['a soft hyphen only', '\u00AD', /visible characters/],
    ['a byte-order mark and a zero-width space', '\uFEFF\u200B', /visible characters/],
    ['Hangul fillers only', '\u3164\u3164', /visible characters/],
  ])('refuses %s at enrolment, naming client.firstName', (_what, name, reason) => {
    expect(issuesOf(name)).toEqual([{ path: 'client.firstName', message: expect.stringMatching(reason) }]);
  });

  it.each([
    ['a plain name', 'Jordan'],
    ['an accented name', 'Siobhán'],
    ['a Persian name with a zero-width non-joiner', 'مه\u200Cلقا'],
    ['an emoji sequence with a joiner', 'Ana \u{1F469}\u200D\u{1F467}'],
    ['Hebrew', 'נועה'],
  ])('accepts %s', (_what, name) => {
    expect(displayNameProblem(name)).toBeUndefined();
    expect(issuesOf(name)).toBeUndefined();
  });
});
