#!/usr/bin/env node
/*
 * Container healthcheck for the project image (docker-compose.yml): requests a URL inside the
 * container and exits 0 when it answers 2xx in time (and, with --contains, its body has the text),
 * 1 otherwise, printing one line saying why.
 *
 *   node deploy/healthcheck.cjs <url> [--post-json <body>] [--bearer-env <VARIABLE>]
 *                                     [--contains <text>] [--timeout-ms <ms>]
 *
 * --bearer-env names the variable that holds the token, so the token never appears in
 * `docker inspect` output or in the process list.
 */
'use strict';

function parse(argv) {
  const options = { url: undefined, body: undefined, bearerEnv: undefined, contains: undefined, timeoutMs: 4000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--post-json') options.body = value();
    else if (arg === '--bearer-env') options.bearerEnv = value();
    else if (arg === '--contains') options.contains = value();
    else if (arg === '--timeout-ms') options.timeoutMs = Number(value());
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else if (options.url === undefined) options.url = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (!options.url) throw new Error('usage: healthcheck.cjs <url> [--post-json <body>] [--bearer-env <VARIABLE>] [--contains <text>] [--timeout-ms <ms>]');
  if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) throw new Error('--timeout-ms must be a positive number');
  return options;
}

async function check(options) {
  const headers = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.bearerEnv) {
    const token = process.env[options.bearerEnv];
    if (!token) throw new Error(`${options.bearerEnv} is not set`);
    headers.authorization = `Bearer ${token}`;
  }
  const res = await fetch(options.url, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    signal: AbortSignal.timeout(options.timeoutMs),
  });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
  if (options.contains !== undefined && !text.includes(options.contains)) throw new Error(`answer lacks "${options.contains}"`);
}

let options;
try {
  options = parse(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`healthcheck: ${err.message}\n`);
  process.exit(2);
}
check(options).then(
  () => process.exit(0),
  (err) => {
    const cause = err.cause ? ` (${err.cause.code || err.cause.message || err.cause})` : '';
    process.stderr.write(`healthcheck: ${options.url}: ${err.message}${cause}\n`);
    process.exit(1);
  },
);
