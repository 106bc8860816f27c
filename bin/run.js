#!/usr/bin/env node
// Runs a TypeScript entry point of this project through tsx, so that development needs no build step.
'use strict';
const { spawn } = require('node:child_process');
const path = require('node:path');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bin/run.js <file.ts> [args...]');
  process.exit(2);
}
const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(__dirname, '..', entry), ...args], {
  stdio: 'inherit',
});
// A signal sent to this process alone (not the terminal's whole group) still reaches the entry point,
// which owns the clean shutdown.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 0) : 1);
});
