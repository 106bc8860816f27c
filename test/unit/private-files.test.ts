/**
 * The local stack's data folder is its owner's alone (scripts/local-stack/private-files.ts): what
 * an earlier version left readable by others is tightened, and what is written afterwards is
 * private from the start.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { makeDataPrivate } from '../../scripts/local-stack/private-files';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('makeDataPrivate', () => {
  let root: string;
  let umask: number;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'private-files-'));
    umask = process.umask();
  });
  afterEach(() => {
    process.umask(umask);
    rmSync(root, { recursive: true, force: true });
  });

  it('tightens an existing folder: 0700 folders, files without group or other access, links left alone', () => {
    const data = path.join(root, 'data');
    mkdirSync(path.join(data, 'logs'), { recursive: true });
    chmodSync(data, 0o755);
    chmodSync(path.join(data, 'logs'), 0o775);
    writeFileSync(path.join(data, 'sms-outbox.jsonl'), '{}\n', { mode: 0o644 });
    writeFileSync(path.join(data, 'logs', 'api.log'), '', { mode: 0o666 });
    const outside = path.join(root, 'outside.txt');
    writeFileSync(outside, '', { mode: 0o644 });
    symlinkSync(outside, path.join(data, 'link'));

    makeDataPrivate(data);

    expect(mode(data)).toBe(0o700);
    expect(mode(path.join(data, 'logs'))).toBe(0o700);
    expect(mode(path.join(data, 'sms-outbox.jsonl'))).toBe(0o600);
    expect(mode(path.join(data, 'logs', 'api.log'))).toBe(0o600);
    expect(mode(outside)).toBe(0o644);
  });

  it('creates a missing folder 0700, and what is written afterwards is private', () => {
    const data = path.join(root, 'fresh', 'data');
    makeDataPrivate(data);
    expect(mode(data)).toBe(0o700);
    writeFileSync(path.join(data, 'new.log'), 'x');
    mkdirSync(path.join(data, 'mail'));
    expect(mode(path.join(data, 'new.log'))).toBe(0o600);
    expect(mode(path.join(data, 'mail'))).toBe(0o700);
  });
});
