/**
 * The front desk: every file under web/ (the page's ES modules, styles, index.html at `/`) and the
 * few browser libraries it imports, served from node_modules at /vendor/<name> so the page needs no
 * build step and loads nothing from another origin (index.html maps the bare names to these URLs).
 */
import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/json; charset=utf-8',
  webmanifest: 'application/manifest+json',
  txt: 'text/plain; charset=utf-8',
};

/**
 * The browser (ESM) builds the page imports, by the path it asks for under /vendor/: package and
 * file inside it. Only these exact paths are served. Chart.js's build imports its shared chunk by a
 * relative path, so the two keep their folder layout under `chart/`; its colour library is mapped
 * by name in index.html's import map.
 */
const VENDOR: Record<string, [pkg: string, file: string]> = {
  'preact.mjs': ['preact', 'dist/preact.mjs'],
  'preact-hooks.mjs': ['preact', 'hooks/dist/hooks.mjs'],
  'htm.mjs': ['htm', 'dist/htm.mjs'],
  'luxon.mjs': ['luxon', 'build/es6/luxon.mjs'],
  'chart/chart.js': ['chart.js', 'dist/chart.js'],
  'chart/chunks/index.js': ['chart.js', 'dist/chunks/index.js'],
  'kurkle-color.mjs': ['@kurkle/color', 'dist/color.esm.js'],
};

/**
 * One path segment of a page file: no `..`, no hidden files, no separators or escapes of any kind.
 * Anything else is not a page file, whatever the file system would make of it.
 */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

/** Where Node finds a package from here (its exports may hide package.json, so look it up by name). */
function packageDir(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name);
  }
  throw new Error(`The front desk needs the "${name}" package: run npm ci.`);
}

function typeOf(file: string): string | undefined {
  return TYPES[path.extname(file).slice(1).toLowerCase()];
}

/** The absolute file for a URL path under `root`, or undefined when it is not a page file. */
async function pageFile(root: string, urlPath: string): Promise<string | undefined> {
  const segments = urlPath.split('/');
  if (!segments.every((s) => SEGMENT.test(s)) || !typeOf(urlPath)) return undefined;
  // Resolved through any link, the file must still be inside the folder.
  const file = await realpath(path.join(root, ...segments)).catch(() => undefined);
  return file?.startsWith(root + path.sep) ? file : undefined;
}

async function send(reply: FastifyReply, file: string): Promise<FastifyReply> {
  const body = await readFile(file);
  return reply.type(typeOf(file)!).header('cache-control', 'no-cache').send(body);
}

export function frontDeskRoutes(frontDeskDir: string) {
  const vendorFiles = new Map(Object.entries(VENDOR).map(([name, [pkg, file]]) => [name, path.join(packageDir(pkg), file)]));
  return async (app: FastifyInstance): Promise<void> => {
    const root = await realpath(frontDeskDir);
    const serve = async (reply: FastifyReply, file: string | undefined): Promise<FastifyReply> => {
      if (file) {
        try {
          return await send(reply, file);
        } catch {
          // unreadable (a folder, say): not a page file
        }
      }
      // Unknown paths (an /api typo included) keep the API's own not-found answer.
      reply.callNotFound();
      return reply;
    };

    app.get('/', async (_request, reply) => serve(reply, await pageFile(root, 'index.html')));
    app.get('/vendor/*', async (request: FastifyRequest<{ Params: { '*': string } }>, reply) => serve(reply, vendorFiles.get(request.params['*'])));
    app.get('/*', async (request: FastifyRequest<{ Params: { '*': string } }>, reply) => serve(reply, await pageFile(root, request.params['*'])));
  };
}
