/**
 * Signing in and out, password resets and accepting an invitation (issue 14). These are the
 * `/api` routes a person reaches before having a session: they are marked public for the auth
 * plugin (api/plugins/auth.ts), all but DELETE /api/session, which needs the session (and its
 * CSRF token) like any other change.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotConfiguredError } from '../../app/errors';
import { FailureThrottle, TooManyAttemptsError } from '../../app/failure-throttle';
import { PASSWORD_MAX, PASSWORD_MIN } from '../../app/passwords';
import { acceptInvitation, completePasswordReset, linkPasswordBody, requestPasswordReset, RESET_MAILS_PER_EMAIL, resetRequestBody } from '../../app/password-reset';
import { meOf, SESSION_LIFETIME_MS, signIn, signInBody, signInThrottles, SignInFailedError, signOut, type Me } from '../../app/sign-in';
import { csrfTokenOf } from '../../app/tokens';
import { auditEntryOf, type AuditChange } from '../../app/audit-entry';
import { ROLES } from '../../domain/roles';
import type { ApiContext } from '../context';
import { HttpError } from '../errors';
import { pageMailOf } from '../page-mail';
import { errorResponse, json, WITH_BODY, type RouteDoc } from '../openapi/route-doc';
import { clearSessionCookie, SESSION_COOKIE, sessionTokenOf, setSessionCookie } from '../session-cookie';

/** The routes the auth plugin lets through without a caller (the API tests skip them when checking 401s). */
export const PUBLIC_ROUTES = ['POST /api/session', 'GET /api/session', 'POST /api/password-reset', 'POST /api/password-reset/complete', 'POST /api/invitations/accept'] as const;

const meSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(ROLES), clinicId: z.string().nullable() })
  .meta({ id: 'Me' }) satisfies z.ZodType<Me>;
const signedInSchema = z.object({ person: meSchema, csrfToken: z.string().meta({ description: 'Send it as x-csrf-token with every signed-in change.' }) }).meta({ id: 'SignedIn' });

const COOKIE_NOTE = `Sets the cookie ${SESSION_COOKIE} (HttpOnly, SameSite=Strict, 12 hours).`;
const PUBLIC_COMMON = {
  429: errorResponse('Too many attempts (Retry-After says when to try again).'),
  500: errorResponse('Unexpected server error: a generic message and the request id, never a stack trace.'),
};
const PASSWORD_RULE = `The password: ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`;

export const sessionDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/session',
    tags: ['people'],
    operationId: 'signIn',
    summary: 'Sign in with an email and a password',
    description: `${COOKIE_NOTE} A wrong email and a wrong password get the same 401. Repeated failures for one email or from one address wait (429).`,
    security: [],
    request: { body: { required: true, content: json(signInBody, { email: 'desk@eastgate.example.com', password: 'correct horse battery' }) } },
    responses: {
      200: { description: 'Signed in.', content: json(signedInSchema) },
      ...WITH_BODY,
      401: errorResponse('The email or the password is wrong.'),
      ...PUBLIC_COMMON,
    },
  },
  {
    method: 'get',
    path: '/api/session',
    tags: ['people'],
    operationId: 'getSession',
    summary: 'Who is signed in (by the session cookie), and the CSRF token',
    security: [],
    responses: { 200: { description: 'Signed in.', content: json(signedInSchema) }, 401: errorResponse('Not signed in, or the session ended.'), ...PUBLIC_COMMON },
  },
  {
    method: 'delete',
    path: '/api/session',
    tags: ['people'],
    operationId: 'signOut',
    summary: 'Sign out: the session ends and its cookie is cleared',
    description: 'Needs x-csrf-token like every signed-in change.',
    responses: { 204: { description: 'Signed out.' }, 401: errorResponse('Not signed in.'), 403: errorResponse('No or a wrong x-csrf-token (error: csrf).'), ...PUBLIC_COMMON },
  },
  {
    method: 'post',
    path: '/api/password-reset',
    tags: ['people'],
    operationId: 'requestPasswordReset',
    summary: 'Email a link to choose a new password (valid 1 hour, once)',
    description: `Answers 202 whether or not the email has an account; only an active account gets the email, at most ${RESET_MAILS_PER_EMAIL.max} an hour.`,
    security: [],
    request: { body: { required: true, content: json(resetRequestBody, { email: 'desk@eastgate.example.com' }) } },
    responses: { 202: { description: 'Accepted.' }, ...WITH_BODY, ...PUBLIC_COMMON },
  },
  {
    method: 'post',
    path: '/api/password-reset/complete',
    tags: ['people'],
    operationId: 'completePasswordReset',
    summary: "Choose a new password with the emailed link's token",
    description: `${PASSWORD_RULE} Every session the person had ends.`,
    security: [],
    request: { body: { required: true, content: json(linkPasswordBody) } },
    responses: { 204: { description: 'The password is changed.' }, ...WITH_BODY, ...PUBLIC_COMMON },
  },
  {
    method: 'post',
    path: '/api/invitations/accept',
    tags: ['people'],
    operationId: 'acceptInvitation',
    summary: "Accept an invitation: choose a password with the emailed link's token, and sign in",
    description: `${PASSWORD_RULE} ${COOKIE_NOTE}`,
    security: [],
    request: { body: { required: true, content: json(linkPasswordBody) } },
    responses: { 200: { description: 'Signed in.', content: json(signedInSchema) }, ...WITH_BODY, ...PUBLIC_COMMON },
  },
];

function tooMany(err: TooManyAttemptsError): HttpError {
  return new HttpError(
    429,
    { error: 'rate_limited', message: `Too many failed sign-ins: try again in ${err.retryAfterSeconds} s.` },
    { 'retry-after': String(err.retryAfterSeconds) },
  );
}

export function sessionRoutes(ctx: ApiContext) {
  const { access, config, logger } = ctx.deps;
  const deps = { access, now: ctx.now };
  const throttles = signInThrottles();
  const mailsSent = new FailureThrottle(RESET_MAILS_PER_EMAIL);
  const secure = (config.PUBLIC_BASE_URL ?? '').startsWith('https:');
  const { mailer, pageUrl } = pageMailOf(config);

  const audit = async (request: FastifyRequest, entry: Pick<AuditChange, 'action' | 'clinicId'> & { personId: string }) => {
    await access.audit.record(auditEntryOf({ actor: `person:${entry.personId}`, via: 'page', from: request.ip }, { action: entry.action, clinicId: entry.clinicId }, ctx.now()));
  };

  const signedIn = (reply: FastifyReply, session: { person: Me; token: string; csrfToken: string }) => {
    // A session just started: its cookie lasts as long as the session.
    setSessionCookie(reply, session.token, SESSION_LIFETIME_MS / 1000, secure);
    return { person: session.person, csrfToken: session.csrfToken };
  };

  return async (api: FastifyInstance): Promise<void> => {
    api.addHook('onClose', async () => mailer?.close());

    api.post('/session', { config: { public: true } }, async (request, reply) => {
      let session;
      try {
        session = await signIn(deps, throttles, request.body, request.ip);
      } catch (err) {
        if (err instanceof SignInFailedError) throw new HttpError(401, { error: 'unauthorized', message: 'The email or the password is wrong.' });
        if (err instanceof TooManyAttemptsError) throw tooMany(err);
        throw err;
      }
      await audit(request, { action: 'person.signed-in', personId: session.person.id, clinicId: session.person.clinicId });
      return signedIn(reply, session);
    });

    api.get('/session', { config: { public: true } }, async (request) => {
      // The auth plugin read the session and its person to let the cookie in: no second read.
      const session = request.signInSession;
      const token = sessionTokenOf(request);
      if (!session || !token) throw new HttpError(401, { error: 'unauthorized', message: 'Not signed in.' });
      return { person: meOf(session.person), csrfToken: csrfTokenOf(token) };
    });

    api.delete('/session', async (request, reply) => {
      const caller = request.caller;
      if (caller?.kind === 'person' && request.signInSession) {
        await signOut(deps, request.signInSession.tokenDigest);
        await audit(request, { action: 'person.signed-out', personId: caller.personId, clinicId: caller.clinicId });
      }
      clearSessionCookie(reply, secure);
      return reply.code(204).send();
    });

    api.post('/password-reset', { config: { public: true } }, async (request, reply) => {
      if (!mailer || !pageUrl) throw new NotConfiguredError('SMTP_URL', 'This server cannot send email (SMTP_URL, EMAIL_FROM and PUBLIC_BASE_URL are needed for reset links).');
      const { sent } = requestPasswordReset({ ...deps, mailer, pageUrl, mailsSent }, request.body);
      // Not awaited: the answer takes the same time whether or not the email has an account.
      sent.catch((err: unknown) => logger.warn('password reset email not sent', { component: 'api', reqId: request.id, error: (err as Error).name }));
      return reply.code(202).send();
    });

    api.post('/password-reset/complete', { config: { public: true } }, async (request, reply) => {
      const { personId, clinicId } = await completePasswordReset(deps, request.body);
      await audit(request, { action: 'password.reset', personId, clinicId });
      clearSessionCookie(reply, secure);
      return reply.code(204).send();
    });

    api.post('/invitations/accept', { config: { public: true } }, async (request, reply) => {
      const session = await acceptInvitation(deps, request.body);
      await audit(request, { action: 'person.signed-in', personId: session.person.id, clinicId: session.person.clinicId });
      return signedIn(reply, session);
    });
  };
}
