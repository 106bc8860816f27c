/**
 * `/api/imports`: bulk import of existing clients from a CSV file (docs/import.md). The file is the
 * body (`text/csv`, at most IMPORT_BODY_LIMIT); the rows are checked at once (`?dryRun=true`: only
 * that), then enrolled in the background while the caller follows `GET /api/imports/:importId`.
 * Rows of a clinic the caller may not see are refused (`clinicId`); another clinic's import is 404.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isAdmin, clinicScopeOf } from '../../app/caller';
import { beginImport, checkImport, ImportBusyError, type ImportDeps } from '../../app/import';
import { digestOfBytes } from '../../app/import-digest';
import { ImportJobs } from '../../app/import-jobs';
import { IMPORT_BODY_LIMIT, STALE_AFTER_MS } from '../../app/import-limits';
import { canSeeImport, importView, type ImportView } from '../../app/import-view';
import { IMPORT_COLUMNS } from '../../domain/import-csv';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { HttpError, invalidRequest, notFound } from '../errors';
import { COMMON, errorResponse, json, type RouteDoc } from '../openapi/route-doc';
import { parseWith } from './parse';

/** Imports listed by GET /api/imports, newest first. */
export const IMPORTS_LISTED = 20;

const refusalSchema = z.object({
  line: z.number().int().meta({ description: 'The line in the file (1 = the header).' }),
  path: z.string().meta({ description: 'The enrolment field, as the API names it (client.phone); `(row)` for a row that cannot be read; `(start)` for a row the server could not start.' }),
  message: z.string().meta({ description: 'Why, without the value.' }),
});

export const importViewSchema = z
  .object({
    id: z.string(),
    clinicId: z.string().nullable().meta({ description: "The caller's clinic; null for an administrator's import, which may span clinics." }),
    state: z.enum(['checking', 'running', 'done', 'interrupted', 'failed']),
    via: z.enum(['page', 'api', 'cli']),
    total: z.number().int().meta({ description: 'Data rows in the file (known once the check has read them all).' }),
    settled: z.number().int(),
    enrolled: z.number().int(),
    alreadyEnrolled: z.number().int(),
    refused: z.number().int(),
    failed: z.number().int(),
    ratePerSecond: z.number().nullable(),
    secondsLeft: z.number().int().nullable(),
    startedAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
    refusals: z.array(refusalSchema).meta({ description: 'The first refusals by line (at most 1000; `refused` counts them all).' }),
  })
  .meta({ id: 'ImportView' });

const importCheckSchema = z
  .object({ dryRun: z.literal(true), total: z.number().int(), toEnrol: z.number().int(), refused: z.number().int(), refusals: z.array(refusalSchema) })
  .meta({ id: 'ImportCheck' });

const importQuery = z.strictObject({ dryRun: z.enum(['true', 'false']).optional().meta({ description: 'true: check the rows only, start nothing.' }) });
const importParams = z.object({ importId: z.string().max(64).meta({ example: 'imp_3hQ0a1bC2dE3' }) });

const EXAMPLE_FILE = `${IMPORT_COLUMNS.join(',')}\nnorthside,C2001,Sam,+12125550123,sam@example.com,America/New_York,yes,yes,1,3,2026-11-30T15:00:00-05:00,en,US-NY\n`;

export const importsDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/imports',
    tags: ['imports'],
    operationId: 'importClients',
    summary: 'Import existing clients from a CSV file (one row per session): checked first, then enrolled in the background',
    description: `Columns: ${IMPORT_COLUMNS.join(', ')} (locale and region optional). The same file again resumes an unfinished import or enrols only what is missing. docs/import.md has the rules.`,
    request: { query: importQuery, body: { required: true, content: { 'text/csv': { schema: z.string(), example: EXAMPLE_FILE } } } },
    responses: {
      200: { description: 'dryRun=true: the check, nothing started.', content: json(importCheckSchema) },
      202: { description: 'Checked and enrolling; follow it at Location (GET /api/imports/{importId}).', content: json(importViewSchema) },
      400: errorResponse('An empty file or a wrong header (issues: header, naming the column).'),
      409: errorResponse('The same file is being imported right now by another process: importId names it, and Retry-After (also retryAfterSeconds) says when an upload may take over an import whose process stopped.'),
      413: errorResponse(`A file larger than ${IMPORT_BODY_LIMIT / 1024 / 1024} MiB (use the CLI).`),
      415: errorResponse('The body is not text/csv.'),
      ...COMMON,
    },
  },
  {
    method: 'get',
    path: '/api/imports/{importId}',
    tags: ['imports'],
    operationId: 'getImport',
    summary: "An import's progress, rate, time left and refusals",
    request: { params: importParams },
    responses: { 200: { description: 'The import.', content: json(importViewSchema) }, 404: errorResponse('No such import, or not one you can see.'), ...COMMON },
  },
  {
    method: 'get',
    path: '/api/imports',
    tags: ['imports'],
    operationId: 'listImports',
    summary: `The latest imports (at most ${IMPORTS_LISTED}), newest first: administrators every one, others their clinic's`,
    responses: { 200: { description: 'The imports.', content: json(z.array(importViewSchema)) }, ...COMMON },
  },
];

export function importsRoutes(ctx: ApiContext) {
  const { clinics, access, config, temporalClient, logger } = ctx.deps;
  const deps: ImportDeps = { client: temporalClient, clinics, store: access.imports, audit: access.audit, phoneHashKey: config.PHONE_HASH_KEY, now: ctx.now };
  const jobs = new ImportJobs(deps, logger.child({ component: 'import' }));
  return async (api: FastifyInstance): Promise<void> => {
    // Imports whose process died (several API processes may share the database: only stale ones).
    const stale = await access.imports.interruptStale(new Date(ctx.now().getTime() - STALE_AFTER_MS)).catch(() => 0);
    if (stale) logger.warn('imports left running by a stopped process marked interrupted', { component: 'import', count: stale });
    api.addHook('onClose', async () => jobs.stopAll());
    api.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

    api.post('/imports', { bodyLimit: IMPORT_BODY_LIMIT }, async (request, reply) => {
      const { dryRun } = parseWith(importQuery, request.query, 'query');
      const body = request.body;
      if (body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0)) throw invalidRequest([{ path: '(body)', message: 'is empty: send the CSV file as the body' }]);
      // A JSON body reaches here parsed (the /api parser): the file must come as it is.
      if (!Buffer.isBuffer(body)) throw new HttpError(415, { error: 'unsupported_media_type', message: 'Send the file as the body with Content-Type: text/csv.' });
      const caller = callerOf(request);
      const open = () => Readable.from([body]);
      if (dryRun === 'true') {
        const check = await checkImport(deps, { caller, open });
        return { dryRun: true, total: check.total, toEnrol: check.total - check.refusedRows, refused: check.refusedRows, refusals: check.refusals };
      }
      const run = { caller, open, digest: digestOfBytes(body) };
      let record;
      try {
        record = await beginImport(deps, run);
      } catch (err) {
        if (err instanceof ImportBusyError) {
          // The wait a client should take before uploading again: until the import may be taken over.
          const { quietSeconds, takeOverInSeconds } = err.timing(ctx.now());
          throw new HttpError(
            409,
            {
              error: 'import_running',
              message:
                `Another import of this file is running (import ${err.importId}, last progress ${quietSeconds} s ago): follow it at /api/imports/${err.importId}. ` +
                `If the process running it stopped, upload the file again in ${takeOverInSeconds} s and it carries on where that one left off.`,
              importId: err.importId,
              retryAfterSeconds: takeOverInSeconds,
            },
            { 'retry-after': String(takeOverInSeconds) },
          );
        }
        throw err;
      }
      jobs.start(run, record);
      reply.code(202).header('location', `/api/imports/${record.id}`);
      return importView(record, ctx.now());
    });

    api.get('/imports/:importId', async (request): Promise<ImportView> => {
      const { importId } = parseWith(importParams, request.params, 'query');
      const record = await access.imports.get(importId);
      if (!record || !canSeeImport(callerOf(request), record)) throw notFound('There is no such import.');
      return importView(record, ctx.now());
    });

    api.get('/imports', async (request): Promise<ImportView[]> => {
      const caller = callerOf(request);
      const scope = clinicScopeOf(caller);
      const records = await access.imports.list({ ...(isAdmin(caller) || scope === undefined ? {} : { clinicId: scope }), limit: IMPORTS_LISTED });
      const now = ctx.now();
      return records.filter((r) => canSeeImport(caller, r)).map((r) => importView(r, now));
    });
  };
}
