/**
 * A clinic's numbers (issue 17; app/clinic-numbers.ts): `GET /api/clinics/:clinicId/numbers?days=30|90`
 * as JSON, and `.../numbers.csv?days=` as a CSV download, one row per day. Owners, staff, the
 * clinic's key and administrators may read them; another clinic (or none) is 404, a `days` other
 * than 30 or 90 is 400 naming `days`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { clinicSeenBy } from '../../app/clinic-access';
import { clinicNumbers, daysOf, NUMBERS_DAYS, numbersQuery, type ClinicNumbers } from '../../app/clinic-numbers';
import { NUMBERS_CSV_COLUMNS, numbersCsv, numbersCsvFileName } from '../../app/clinic-numbers-csv';
import { PHASES } from '../../app/clinic-numbers-phases';
import { PHASE_COUNTS_FRESH_MS, PHASE_COUNTS_STALE_MS, PHASE_COUNTS_WAIT_MS, phaseCountsCache } from '../../app/phase-counts-cache';
import { callerOf } from '../caller';
import type { ApiContext } from '../context';
import { COMMON, errorResponse, json, type RouteDoc } from '../openapi/route-doc';
import { clinicIdParams } from '../schemas/requests';
import { parseWith } from './parse';
import { adminDepsOf } from './admin-deps';
import { clinicIdParamOf } from './clinics';

const day = () => z.string().meta({ format: 'date', description: 'A UTC calendar day.' });
const count = () => z.number().int().min(0);
const figures = z
  .object({
    sent: count().meta({ description: 'Taken by the provider (Twilio, the mail server) that day.' }),
    delivered: count().meta({ description: "Texts: Twilio reported them delivered that day. Emails: the receiving mail server accepted them (no delivery report exists for email): the same as sent." }),
    failed: count().meta({ description: 'Refused for good when sent that day (invalid number, opted out, address rejected), plus texts Twilio reported undelivered or failed that day.' }),
  })
  .meta({ id: 'ChannelFigures' });

export const clinicNumbersSchema = z
  .object({
    clinicId: z.string(),
    days: z.union(NUMBERS_DAYS.map((d) => z.literal(d)) as [z.ZodLiteral<30>, z.ZodLiteral<90>]),
    from: day(),
    to: day(),
    generatedAt: z.string().meta({ format: 'date-time' }),
    clients: z
      .discriminatedUnion('counting', [
        z.object({
          counting: z.literal(false),
          running: count().meta({ description: 'Running aftercare runs of the clinic now (one per client being looked after).' }),
          byPhase: z.array(z.object({ phase: z.enum(PHASES), count: count() })).meta({ description: 'Every phase, in the order of the plan, zeros included.' }),
          countedAt: z.string().meta({
            format: 'date-time',
            description: `When running and byPhase were counted. The API keeps a clinic's counts for ${PHASE_COUNTS_FRESH_MS / 1000} s, and serves them up to ${PHASE_COUNTS_STALE_MS / 1000} s old while it counts again.`,
          }),
        }),
        z.object({ counting: z.literal(true), running: z.null(), byPhase: z.tuple([]), countedAt: z.null() }),
      ])
      .meta({
        description: `Clients in each phase now; counting is true (and the counts null) while the clinic's first counting in a while has not finished after ${PHASE_COUNTS_WAIT_MS / 1000} s. That counting goes on: ask again in a few seconds.`,
      }),
    sends: z.object({
      byDay: z.array(z.object({ day: day(), sms: figures, email: figures })),
      totals: z.object({ sms: figures, email: figures }),
    }),
    booking: z.object({
      asked: count().meta({ description: 'Sessions whose book-next message went in the period.' }),
      bookedByDay14: count().meta({ description: 'Of those, the ones with a booking recorded within 4 days of the ask (by day 14).' }),
      conversion: z.number().min(0).max(1).nullable().meta({ description: 'bookedByDay14 / asked; null when none was asked.' }),
    }),
    urgent: z.object({
      replies: count().meta({ description: 'Client texts triaged urgent in the period.' }),
      handled: count().meta({ description: 'Of those, the ones staff have marked handled since.' }),
      medianMinutesToHandled: z.number().nullable().meta({ description: 'Median minutes from the urgent text to staff marking it handled; null when none was handled.' }),
      byDay: z.array(z.object({ day: day(), replies: count(), handled: count() })),
    }),
    optOuts: z.object({
      sms: count().meta({ description: 'Clients who texted STOP (each once a day).' }),
      email: count().meta({ description: "Clients who used their emails' unsubscribe link (each once a day)." }),
      byDay: z.array(z.object({ day: day(), sms: count(), email: count() })),
    }),
  })
  .meta({ id: 'ClinicNumbers' }) satisfies z.ZodType<ClinicNumbers>;

const numbersErrors = {
  400: errorResponse(`A days other than ${NUMBERS_DAYS.join(' or ')} (issues: days).`),
  404: errorResponse('No such clinic, or not one you can see.'),
  ...COMMON,
};

export const numbersDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/clinics/{clinicId}/numbers',
    tags: ['clinics'],
    operationId: 'getClinicNumbers',
    summary: "The clinic's numbers over the last 30 or 90 days: clients in each phase, sends, booking conversion, urgent replies, opt-outs",
    description: 'Days are UTC calendar days ending today, oldest first, every one present (zeros included). docs/metrics.md says what each figure means.',
    request: { params: clinicIdParams, query: numbersQuery },
    responses: { 200: { description: 'The numbers.', content: json(clinicNumbersSchema) }, ...numbersErrors },
  },
  {
    method: 'get',
    path: '/api/clinics/{clinicId}/numbers.csv',
    tags: ['clinics'],
    operationId: 'getClinicNumbersCsv',
    summary: "The clinic's daily numbers as a CSV download, one row per UTC day",
    request: { params: clinicIdParams, query: numbersQuery },
    responses: {
      200: { description: `Columns: ${NUMBERS_CSV_COLUMNS.join(', ')}.`, content: { 'text/csv': { schema: z.string() } } },
      ...numbersErrors,
    },
  },
];

export function numbersRoutes(ctx: ApiContext) {
  const deps = adminDepsOf(ctx);
  // One per API process: concurrent and repeated requests for a clinic share its counts.
  const phases = phaseCountsCache();

  async function numbersOf(request: FastifyRequest, countsWaitMs: number): Promise<ClinicNumbers> {
    const clinic = await clinicSeenBy(deps, callerOf(request), clinicIdParamOf(request));
    const days = daysOf(parseWith(numbersQuery, request.query, 'query'));
    return ctx.temporal((client) => clinicNumbers({ client, store: ctx.deps.access.numbers, phases, clinicId: clinic.id, days, now: ctx.now(), countsWaitMs }));
  }

  return async (api: FastifyInstance): Promise<void> => {
    api.get('/clinics/:clinicId/numbers', async (request, reply) => {
      const numbers = await numbersOf(request, PHASE_COUNTS_WAIT_MS);
      reply.header('cache-control', 'private, no-store');
      return numbers;
    });

    api.get('/clinics/:clinicId/numbers.csv', async (request, reply) => {
      // The CSV holds no phase counts: it never waits for them.
      const numbers = await numbersOf(request, 0);
      return reply
        .type('text/csv; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', `attachment; filename="${numbersCsvFileName(numbers)}"`)
        .send(numbersCsv(numbers));
    });
  };
}
