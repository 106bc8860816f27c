import { isGsm7, smsSegments } from '../../domain/sms-encoding';

const a = (n: number) => 'a'.repeat(n);

describe('isGsm7', () => {
  it.each([
    ['plain ASCII letters and punctuation', 'Hello, world! 1-4 (ok)?', true],
    ['basic-table symbols', '@£$¥¤§¡¿_"\'&%#*+/<=>', true],
    ['accented letters of the default alphabet', 'é è ù ì ò Ç Ø ø Å å Æ æ ß É Ä Ö Ñ Ü ä ö ñ ü à', true],
    ['Greek capitals of the default alphabet', 'ΔΦΓΛΩΠΨΣΘΞ', true],
    ['extension-table characters', '^{}\\[~]|€', true],
    ['line breaks', 'one\ntwo\r\n', true],
    ['lower-case c cedilla (only the capital is GSM-7)', 'ç', false],
    ['curly apostrophe', 'don\u2019t', false],
    ['curly double quotes', '\u201cquoted\u201d', false],
    ['em dash', 'a\u2014b', false],
    ['ellipsis character', 'wait\u2026', false],
    ['backtick', '`', false],
    ['emoji', 'hi 😀', false],
    ['Chinese', '中文', false],
    ['Arabic', 'محمد', false],
    ['Hebrew', 'אברהם', false],
  ])('%s', (_label, text, expected) => {
    expect(isGsm7(text)).toBe(expected);
  });
});

describe('smsSegments: GSM-7', () => {
  it.each([
    [0, 0, 1],
    [1, 1, 1],
    [160, 160, 1],
    [161, 161, 2],
    [306, 306, 2],
    [307, 307, 3],
    [459, 459, 3],
    [460, 460, 4],
  ])('%i plain characters', (n, units, segments) => {
    expect(smsSegments(a(n))).toEqual({ encoding: 'GSM-7', units, segments });
  });

  it('counts é as one GSM-7 septet, not UCS-2', () => {
    expect(smsSegments('é'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
  });

  it('counts extension-table characters as 2 septets', () => {
    expect(smsSegments('{}')).toEqual({ encoding: 'GSM-7', units: 4, segments: 1 });
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('€'.repeat(81))).toEqual({ encoding: 'GSM-7', units: 162, segments: 2 });
    expect(smsSegments(`${a(159)}[`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('never splits an escape pair across two parts', () => {
    // 306 septets would be 2 parts of 153, but the € straddles the boundary and moves on.
    expect(smsSegments(`${a(152)}€${a(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
    expect(smsSegments(`${a(151)}€${a(153)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 2 });
  });
});

describe('smsSegments: UCS-2', () => {
  const zh = (n: number) => '中'.repeat(n);

  it.each([
    [1, 1, 1],
    [70, 70, 1],
    [71, 71, 2],
    [134, 134, 2],
    [135, 135, 3],
    [201, 201, 3],
    [202, 202, 4],
  ])('%i Chinese characters', (n, units, segments) => {
    expect(smsSegments(zh(n))).toEqual({ encoding: 'UCS-2', units, segments });
  });

  it('counts an emoji (surrogate pair) as 2 units', () => {
    expect(smsSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(smsSegments('😀'.repeat(35))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('😀'.repeat(36))).toEqual({ encoding: 'UCS-2', units: 72, segments: 2 });
  });

  it('turns a whole message UCS-2 for one non-GSM character', () => {
    expect(smsSegments(`${a(100)}’`)).toEqual({ encoding: 'UCS-2', units: 101, segments: 2 });
    expect(smsSegments(`${a(69)}’`)).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
  });

  it('counts extension-table characters as 1 unit in UCS-2', () => {
    expect(smsSegments(`€${zh(1)}`)).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
  });

  it('never splits a surrogate pair across two parts', () => {
    expect(smsSegments(`${zh(66)}😀${zh(66)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 3 });
    expect(smsSegments(`${zh(65)}😀${zh(67)}`)).toEqual({ encoding: 'UCS-2', units: 134, segments: 2 });
  });
});
