/**
 * The reply classifier: its figures on the corpus (and the README's copy of them), then the
 * things people really type, one behaviour at a time.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyReply } from '../../domain/triage/classify';
import { TRIAGE_CLASSES, type TriageClass } from '../../domain/triage/types';
import { TRIAGE_CORPUS } from '../fixtures/triage-corpus';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}

describe('the corpus', () => {
  const results = TRIAGE_CORPUS.map((reply) => ({ ...reply, got: classifyReply(reply.text).class }));
  const count = (expected: TriageClass | null, got: TriageClass | null) =>
    results.filter((r) => (expected === null || r.expected === expected) && (got === null || r.got === got)).length;
  const urgent = count('urgent', null);
  const caught = count('urgent', 'urgent');
  const alarms = count(null, 'urgent');

  it('is big and varied enough to mean something', () => {
    expect(TRIAGE_CORPUS.length).toBeGreaterThanOrEqual(170);
    expect(urgent).toBeGreaterThanOrEqual(60);
    for (const c of TRIAGE_CLASSES) expect(count(c, null)).toBeGreaterThanOrEqual(20);
    expect(new Set(TRIAGE_CORPUS.map((r) => r.text)).size).toBe(TRIAGE_CORPUS.length);
  });

  it('misses no urgent reply (recall first), and prints the confusion table', () => {
    const table = [
      `expected \\ got  ${TRIAGE_CLASSES.map((c) => c.padStart(8)).join(' ')}`,
      ...TRIAGE_CLASSES.map((e) => `${e.padEnd(15)}  ${TRIAGE_CLASSES.map((g) => String(count(e, g)).padStart(8)).join(' ')}`),
      `urgent recall ${percent(caught, urgent)} (${caught} of ${urgent}), precision ${percent(caught, alarms)} (${caught} of ${alarms})`,
    ];
    console.log(table.join('\n'));
    expect(results.filter((r) => r.expected === 'urgent' && r.got !== 'urgent').map((r) => r.text)).toEqual([]);
  });

  it("matches the README's figures, so they cannot drift", () => {
    const section = README.split(/^## /m).find((s) => s.startsWith('Triage of client replies'));
    expect(section).toBeDefined();
    const figures =
      `On the ${TRIAGE_CORPUS.length} replies of the corpus (${urgent} of them urgent), ` +
      `urgent recall is ${percent(caught, urgent)} (${caught} of ${urgent}) ` +
      `and urgent precision is ${percent(caught, alarms)} (${caught} of ${alarms}).`;
    expect(section!.replace(/\s+/g, ' ')).toContain(figures);
  });
});

const triage = (text: string) => classifyReply(text);

describe('negation', () => {
  it.each([
    'no swelling at all',
    'not bleeding any more',
    'no redness, swelling or heat',
    'the swelling went down',
    'it stopped bleeding',
    'I bled a little on the first day but it stopped',
    "doesn't look infected",
    'ya no sangra',
  ])('%j takes the sign back', (text) => {
    expect(triage(text).class).not.toBe('urgent');
  });

  it.each([
    ["it won't stop bleeding", 'bleeding'],
    ["the swelling hasn't gone down", 'swelling'],
    ["not sure if it's pus", 'pus'],
    ["No, it's still bleeding", 'bleeding'],
    ["no fever but it's really swollen", 'swollen'],
    ['no pus, only swelling', 'swelling'],
    ["it's bleeding since I stopped the cream", 'bleeding'],
    ['the bleeding has almost stopped', 'bleeding'],
    ['no para de sangrar', 'sangrar'],
    ['nothing helps the swelling', 'swelling'],
    ["can't get the bleeding to stop", 'bleeding'],
    ["can't sleep with the swelling", 'swelling'],
    ['never had swelling like this', 'swelling'],
    ['not bleeding, oozing', 'oozing'],
  ])('%j keeps the sign: persistence, a hedge, an answer, another clause or a comparison', (text, word) => {
    expect(triage(text)).toEqual({ class: 'urgent', matched: [word] });
  });

  it('a negator reaches through a list, not past a comma into something new', () => {
    expect(triage('no redness, swelling, or heat').class).toBe('other');
    expect(triage('no redness, swelling and heat')).toEqual({ class: 'urgent', matched: ['swelling', 'heat'] });
  });

  it('a redness that is gone is not even a question', () => {
    expect(triage('the redness is gone')).toEqual({ class: 'other', matched: [] });
  });
});

describe('typos and capitals', () => {
  it.each([
    ['its bleding', 'bleding'],
    ['bit of sweling', 'sweling'],
    ['theres puss', 'puss'],
    ['i think its infectd', 'infectd'],
    ['looks infcetion-y', 'infcetion'],
    ['two blistres', 'blistres'],
    ['bleeeeding', 'bleeeeding'],
    ['IT IS SWOLLEN', 'SWOLLEN'],
    ["Swelling's worse", "Swelling's"],
  ])('%j is urgent, quoting the word as typed', (text, word) => {
    expect(triage(text).class).toBe('urgent');
    expect(triage(text).matched[0]).toBe(word);
  });

  it.each(['fewer texts please', "it's a bit chilly today", 'smelling the balm is nice', 'I was spending the day out'])(
    '%j is a real word, not corrected into a sign',
    (text) => {
      expect(triage(text).class).toBe('other');
    },
  );

  it('reads a temperature with decimals and a pain score', () => {
    expect(triage('my temp is 38.5')).toEqual({ class: 'urgent', matched: ['temp is 38.5'] });
    expect(triage('pain 9/10')).toEqual({ class: 'urgent', matched: ['pain 9/10'] });
    expect(triage('10/10 would recommend').class).toBe('other');
  });

  it('a word that is also an object key is just a word', () => {
    expect(triage('constructor toString __proto__')).toEqual({ class: 'other', matched: [] });
  });
});

describe('emoji', () => {
  it.each([
    ['🤒', '🤒'],
    ['🩸 on the pillow', '🩸'],
    ['my head 🥵', '🥵'],
  ])('%j signals', (text, emoji) => {
    expect(triage(text)).toEqual({ class: 'urgent', matched: [emoji] });
  });

  it.each([
    ['👍', ['👍']],
    ['🙏🏽', ['🙏🏽']],
    ['ok ❤️', ['ok', '❤️']],
  ])('%j is other', (text, matched) => {
    expect(triage(text)).toEqual({ class: 'other', matched });
  });
});

describe('several sentences', () => {
  it('one urgent sentence makes the reply urgent', () => {
    expect(triage('Thanks for the tips! Healing well. But one patch is oozing.')).toEqual({ class: 'urgent', matched: ['oozing'] });
    expect(triage('Hello\nquick update\nthere is yellow stuff coming out')).toEqual({ class: 'urgent', matched: ['yellow stuff coming'] });
  });

  it('a sign taken back in its own sentence does not', () => {
    expect(triage('Thanks! No swelling. Not bleeding any more. When can I wash it?')).toEqual({ class: 'question', matched: ['When'] });
  });

  it('every urgent sign is quoted once', () => {
    expect(triage('It is hot. Really HOT. And there is pus.')).toEqual({ class: 'urgent', matched: ['hot', 'pus'] });
  });
});

describe('questions about a symptom', () => {
  it.each([
    ["is it normal that it's bleeding?", 'bleeding'],
    ['Is swelling normal after the first session', 'swelling'],
    ['is it normal to have a bit of pus?', 'pus'],
    ['should I worry about these blisters?', 'blisters'],
    ['¿es normal que sangre todavía?', 'sangre'],
  ])('%j about a complication sign stays urgent', (text, word) => {
    expect(triage(text)).toEqual({ class: 'urgent', matched: [word] });
  });

  it.each([
    ['is it normal that it itches', ['is it normal', 'itches']],
    ['Is it normal for it to be a bit red on day 1?', ['Is it normal', 'red']],
    ['are the scabs normal?', ['are', 'scabs']],
    ['my scalp feels tight, is that normal?', ['is that normal', 'tight']],
    ['¿es normal que pique?', ['es normal', 'pique']],
    ['It itches a lot. Normal?', ['?', 'itches']],
  ])('%j about ordinary healing is a question', (text, matched) => {
    expect(triage(text)).toEqual({ class: 'question', matched });
  });

  it('harmless uses of a sign word are questions too', () => {
    expect(triage('Can I take a hot shower yet?').class).toBe('question');
    expect(triage('How do I avoid infection?').class).toBe('question');
    expect(triage('I take blood pressure tablets, is that ok?').class).toBe('question');
  });
});

describe('booking, questions and the rest', () => {
  it.each([
    ['Can I book my next session?', ['book', 'next session']],
    ['I need to reschedule', ['reschedule']],
    ['please cancel my appointment', ['cancel my appointment']],
    ['can I come in Friday', ['come in']],
    ['Quiero una cita', ['cita']],
  ])('%j is booking', (text, matched) => {
    expect(triage(text)).toEqual({ class: 'booking', matched });
  });

  it('urgent wins over booking', () => {
    expect(triage("Can I come in today? It's oozing")).toEqual({ class: 'urgent', matched: ['oozing'] });
  });

  it.each(['When can I wash my hair', 'how long do scabs last', 'Should I use the balm?', 'gym ok?'])('%j is a question', (text) => {
    expect(triage(text).class).toBe('question');
  });

  it.each([
    ['Thanks!', ['Thanks']],
    ['thank you so much 🙏', ['thank you', '🙏']],
    ['Will do', ['Will do']],
    ['gracias', ['gracias']],
    ['', []],
    ['...', []],
  ])('%j is other', (text, matched) => {
    expect(triage(text)).toEqual({ class: 'other', matched });
  });

  it('a long reply is read whole', () => {
    const long = `${'the healing is going fine and '.repeat(200)}but now there is pus`;
    expect(triage(long)).toEqual({ class: 'urgent', matched: ['pus'] });
  });
});
