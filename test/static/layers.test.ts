/**
 * The layer rules of eslint.config.mjs, exercised with small snippets linted as if they were files
 * of the tree (ESLint's Node API, in a child process: test/support/lint-snippets.ts): an import up a
 * layer, into test/ from outside it, into dev/ from the product, or between api/ and cli/ is an
 * error; imports down the layers pass.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { LintMessage, Snippet } from '../support/lint-snippets';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '..', '..');

/** A real module of `folder` (its first .ts file), so each snippet is linted with the tree's types. */
function moduleIn(folder: string): string {
  const name = readdirSync(path.join(ROOT, folder))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()[0];
  if (!name) throw new Error(`no .ts file directly in ${folder}/`);
  return `${folder}/${name}`;
}

interface Case {
  /** The folder the importing file is in. */
  from: string;
  /** Files it imports. */
  targets: string[];
  kind?: 'value' | 'type';
}

function snippetOf({ from, targets, kind = 'value' }: Case): Snippet {
  const code = targets
    .map((target, i) => {
      const spec = path.relative(from, target).replace(/\.ts$/, '');
      return kind === 'type'
        ? `import type * as m${i} from '${spec}';\nexport type T${i} = typeof m${i};\n`
        : `import * as m${i} from '${spec}';\nexport const v${i} = m${i};\n`;
    })
    .join('');
  return { filePath: path.join(ROOT, moduleIn(from)), code };
}

const upward: Array<[string, string]> = [
  ['domain', 'platform'],
  ['domain', 'workflows'],
  ['workflows', 'app'],
  ['workflows', 'platform'],
  ['activities', 'app'],
  ['activities', 'workflows'],
  ['platform', 'app'],
  ['platform', 'cli'],
  ['app', 'api'],
];
const peers: Array<[string, string]> = [
  ['api', 'cli'],
  ['cli', 'api'],
];
const intoTest = ['scripts', 'bench', 'dev', 'api', 'worker', 'domain'];
const intoDev = ['app', 'api', 'worker', 'platform', 'workflows'];
const activity = moduleIn('activities/sms');
const legal: Case[] = [
  { from: 'app', targets: [moduleIn('platform'), moduleIn('domain'), moduleIn('workflows'), moduleIn('activities')] },
  { from: 'api', targets: [moduleIn('app'), moduleIn('platform')] },
  { from: 'workflows', targets: [moduleIn('domain')] },
  { from: 'workflows', targets: [activity], kind: 'type' },
  { from: 'workflows', targets: ['activities/types.ts'] },
  { from: 'platform', targets: [moduleIn('workflows'), moduleIn('domain')], kind: 'type' },
  { from: 'scripts', targets: [moduleIn('dev'), moduleIn('api')] },
  { from: 'bench', targets: [moduleIn('dev'), moduleIn('worker')] },
  { from: 'test/support', targets: [moduleIn('dev'), moduleIn('scripts')] },
];

const cases: Record<string, Case> = {
  ...Object.fromEntries(upward.map(([from, to]) => [`${from}->${to}`, { from, targets: [moduleIn(to)] }])),
  ...Object.fromEntries(peers.map(([from, to]) => [`${from}->${to}`, { from, targets: [moduleIn(to)] }])),
  ...Object.fromEntries(intoTest.map((from) => [`${from}->test`, { from, targets: ['test/support/eventually.ts'] }])),
  ...Object.fromEntries(intoDev.map((from) => [`${from}->dev`, { from, targets: [moduleIn('dev')] }])),
  'workflows->activity value': { from: 'workflows', targets: [activity] },
  'platform->workflows value': { from: 'platform', targets: [moduleIn('workflows')] },
  ...Object.fromEntries(legal.map((c, i) => [`legal ${i}`, c])),
};

let results: Record<string, LintMessage[]>;

beforeAll(() => {
  const names = Object.keys(cases);
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'support', 'lint-snippets.ts')], {
    cwd: ROOT,
    input: JSON.stringify(names.map((name) => snippetOf(cases[name]!))),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`lint-snippets failed (exit ${run.status ?? run.signal}):\n${run.stderr}`);
  const lists = JSON.parse(run.stdout) as LintMessage[][];
  results = Object.fromEntries(names.map((name, i) => [name, lists[i]!]));
});

/** The messages of a case, as `rule: message`; any other rule's complaint shows too, so a broken snippet cannot pass. */
const messagesOf = (name: string) => results[name]!.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);

describe('layer rules', () => {
  it.each(upward)('%s/ importing %s/ (upwards) is an error', (from, to) => {
    expect(messagesOf(`${from}->${to}`)).toEqual([refusal(from, to)]);
  });

  it.each(peers)('%s/ importing %s/ is an error', (from, to) => {
    expect(messagesOf(`${from}->${to}`)).toEqual([refusal(from, to)]);
  });

  it.each(intoTest)('%s/ importing test/ is an error', (from) => {
    expect(messagesOf(`${from}->test`)).toEqual([refusal(from, 'test')]);
  });

  it.each(intoDev)('%s/ importing dev/ is an error', (from) => {
    expect(messagesOf(`${from}->dev`)).toEqual([refusal(from, 'dev')]);
  });

  it('workflows/ importing an activity module by value is an error (by type it passes, below)', () => {
    expect(messagesOf('workflows->activity value').sort()).toEqual([
      expect.stringMatching(/^boundaries\/dependencies: workflows\/ imports activities\/ with `import type` only/),
      // The older rule that says the same for imports written from directly inside workflows/.
      expect.stringMatching(/^no-restricted-imports: .*`import type` only/),
    ]);
  });

  it('platform/ importing a workflows/ module by value is an error (by type it passes, below)', () => {
    expect(messagesOf('platform->workflows value')).toEqual([expect.stringMatching(/^boundaries\/dependencies: platform\/ imports workflows\/ with `import type` only/)]);
  });

  it.each(legal.map((c, i) => [`${c.from}/ importing ${c.targets.join(', ')}${c.kind === 'type' ? ' (types)' : ''}`, i]))(
    '%s passes',
    (_label, i) => {
      expect(messagesOf(`legal ${i}`)).toEqual([]);
    },
  );
});

/** The layer rule's error: what `from` may import, and that `to` is not one of them. */
function refusal(from: string, to: string): unknown {
  return expect.stringMatching(new RegExp(`^boundaries/dependencies: ${from}/ may import only ${from}/.*: not ${to}/`));
}
