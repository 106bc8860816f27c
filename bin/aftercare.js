#!/usr/bin/env node
'use strict';
// Loads the TypeScript CLI in-process through tsx's CommonJS hook: no build step, one process.
require('tsx/cjs');
require('../cli/main.ts').runCli();
