/**
 * Where the database tests find PostgreSQL's binaries (dev/postgres-server.ts), on pretend
 * directories: nothing here starts a server.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { findPostgresBin } from '../../dev/postgres-server';

const root = mkdtempSync(path.join(tmpdir(), 'postgres-bin-'));

/** A directory holding executables with these names. */
function binDir(relative: string, names: string[]): string {
  const dir = path.join(root, relative);
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    writeFileSync(path.join(dir, name), '#!/bin/sh\n');
    chmodSync(path.join(dir, name), 0o755);
  }
  return dir;
}

describe('finding initdb and pg_ctl', () => {
  const versions = path.join(root, 'lib-postgresql');
  const v13 = binDir('lib-postgresql/13/bin', ['initdb', 'pg_ctl']);
  const v16 = binDir('lib-postgresql/16/bin', ['initdb', 'pg_ctl']);
  binDir('lib-postgresql/17/bin', ['initdb']); // half an installation
  const onPath = binDir('usr-local-bin', ['initdb', 'pg_ctl']);

  it('takes PATH first', () => {
    expect(findPostgresBin({ PATH: `/nowhere${path.delimiter}${onPath}` }, versions)).toBe(onPath);
  });

  it("then the newest complete version in Debian's /usr/lib/postgresql", () => {
    expect(findPostgresBin({ PATH: '/nowhere' }, versions)).toBe(v16);
    expect(v13).not.toBe(v16);
  });

  it('passes over an initdb on PATH without pg_ctl beside it', () => {
    const half = binDir('half-bin', ['initdb']);
    expect(findPostgresBin({ PATH: half }, versions)).toBe(v16);
  });

  it('finds nothing when neither has them', () => {
    expect(findPostgresBin({ PATH: '/nowhere' }, path.join(root, 'missing'))).toBeUndefined();
  });
});
