/**
 * The one-click unsubscribe of client emails (RFC 8058), outside /api and without a key: the signed
 * token in the link is the only credential (app/unsubscribe-token.ts).
 *
 * - `GET /unsubscribe/:token`: a short page that performs it (its script posts the page's form;
 *   without scripts, its button does). Opening the page alone changes nothing, so a mail scanner
 *   that fetches links unsubscribes nobody.
 * - `POST /unsubscribe/:token`: what a mail program posts (`List-Unsubscribe=One-Click`) and what
 *   the page's form posts; any body is taken, as the token says all. Email is switched off in every
 *   running run of that address at that clinic (app/unsubscribe.ts), each audited as
 *   'channel.switched' by the client; the answer is a short page, the same when nothing was running.
 * - A token not signed by us as it is (altered, forged, or of a clinic we do not know): 404, the
 *   same page for both methods, and nothing changes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readUnsubscribeToken, UNSUBSCRIBE_PATH, type UnsubscribeSubject } from '../../app/unsubscribe-token';
import { unsubscribeEmail } from '../../app/unsubscribe';
import { auditClientEmail } from '../audit';
import type { ApiContext } from '../context';
import type { RouteDoc } from '../openapi/route-doc';
import { invalidLinkPage, unsubscribedPage, unsubscribePage, UNSUBSCRIBE_SCRIPT, UNSUBSCRIBE_SCRIPT_PATH } from '../unsubscribe-pages';

const tokenParam = z.object({
  token: z.string().meta({ description: 'The signed token of the link in the email: `<clinicId>.<EmailHash>.<signature>`.' }),
});
const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
const REFUSED = htmlPage('The link is not one we signed (altered or forged): nothing changed.');

export const unsubscribeDocs: RouteDoc[] = [
  {
    method: 'get',
    path: `${UNSUBSCRIBE_PATH}/{token}`,
    tags: ['unsubscribe'],
    operationId: 'unsubscribePage',
    summary: "A client's unsubscribe link: a page that switches their emails off (by POST)",
    description: 'The page posts its own form at once (a script file; without scripts, a button). Opening it changes nothing by itself.',
    security: [],
    request: { params: tokenParam },
    responses: { 200: htmlPage('The page.'), 404: REFUSED },
  },
  {
    method: 'post',
    path: `${UNSUBSCRIBE_PATH}/{token}`,
    tags: ['unsubscribe'],
    operationId: 'unsubscribe',
    summary: 'One-click unsubscribe (RFC 8058): email off in every running aftercare of the address at that clinic',
    description:
      "Mail programs post `List-Unsubscribe=One-Click` (form-encoded); any body is accepted. Each running run of the address (EmailHash) at the link's clinic gets `optOut { channel: 'email' }`; other clinics' runs are not touched.",
    security: [],
    request: { params: tokenParam, body: { required: false, content: { 'application/x-www-form-urlencoded': { schema: z.object({ 'List-Unsubscribe': z.literal('One-Click').optional() }) } } } },
    responses: { 200: htmlPage('Done (also when nothing was running any more).'), 404: REFUSED, 503: htmlPage('Temporal did not answer: try again.') },
  },
  {
    method: 'get',
    path: UNSUBSCRIBE_SCRIPT_PATH,
    tags: ['unsubscribe'],
    operationId: 'unsubscribeScript',
    summary: "The unsubscribe page's script (posts its form)",
    security: [],
    responses: { 200: { description: 'JavaScript', content: { 'text/javascript': { schema: z.string() } } } },
  },
];

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

export function unsubscribeRoutes(ctx: ApiContext) {
  const { config, clinics, logger } = ctx.deps;
  if (!config.PHONE_HASH_KEY) logger.warn('PHONE_HASH_KEY is not set: unsubscribe links cannot be checked and are all refused', { component: 'unsubscribe' });

  /** The token's subject and its clinic's name, or undefined (logged without the token) when refused. */
  async function subjectOf(request: FastifyRequest): Promise<{ subject: UnsubscribeSubject; clinicName: string } | undefined> {
    const { token } = request.params as { token: string };
    const subject = config.PHONE_HASH_KEY ? readUnsubscribeToken(token, config.PHONE_HASH_KEY) : undefined;
    const clinic = subject ? await clinics.get(subject.clinicId) : undefined;
    if (!subject || !clinic) {
      logger.warn('unsubscribe link refused: not signed by us as it is', { component: 'unsubscribe', reqId: request.id, method: request.method });
      return undefined;
    }
    return { subject, clinicName: clinic.name };
  }

  return async function routes(app: FastifyInstance): Promise<void> {
    // Mail programs post a form, maybe multipart: the body is read (within the body limit) and not used.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) => done(null, undefined));

    app.get(UNSUBSCRIBE_SCRIPT_PATH, async (_request, reply) => reply.header('cache-control', 'no-cache').type('text/javascript; charset=utf-8').send(UNSUBSCRIBE_SCRIPT));

    app.get(`${UNSUBSCRIBE_PATH}/:token`, async (request, reply) => {
      const found = await subjectOf(request);
      return found ? html(reply, 200, unsubscribePage(found.clinicName)) : html(reply, 404, invalidLinkPage());
    });

    app.post(`${UNSUBSCRIBE_PATH}/:token`, async (request, reply) => {
      const found = await subjectOf(request);
      if (!found) return html(reply, 404, invalidLinkPage());
      const { subject } = found;
      const reached = await ctx.temporal((client) => unsubscribeEmail({ client, subject }));
      await auditClientEmail(
        ctx,
        request,
        reached.map((workflowId) => ({
          action: 'channel.switched' as const,
          clinicId: subject.clinicId,
          workflowId,
          detail: { channel: 'email', enabled: false, by: 'unsubscribe' },
        })),
      );
      logger.info('client unsubscribed from email', { component: 'unsubscribe', reqId: request.id, clinicId: subject.clinicId, workflowIds: reached });
      return html(reply, 200, unsubscribedPage(found.clinicName));
    });
  };
}
