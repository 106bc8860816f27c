#!/usr/bin/env node
// Runs a TypeScript entry point of this project through tsx, so that development needs no build step.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bin/run.js <file.ts> [args...]');
  process.exit(2);
}
const tsxCli = require.resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsxCli, path.resolve(__dirname, '..', entry), ...args], {
  stdio: 'inherit',
});
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
