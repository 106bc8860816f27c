/**
 * The app operations' typed errors, and how the API and the CLI each map them in their one place:
 * a workflow's refusal (built with refuseField/refuseEnded, as the workflow sends it) becomes
 * InvalidInputError naming its field or RunEndedError, read with refusalOf and never from text.
 * Temporal is a hand-made stand-in here: only the calls each operation makes.
 */
import { QueryNotRegisteredError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { recordBooking } from '../../app/book';
import { changeContact } from '../../app/contact';
import { operatorCaller, type Caller } from '../../app/caller';
import { enroll } from '../../app/enroll';
import {
  AlreadyEnrolledError,
  ClinicExistsError,
  ForbiddenError,
  InvalidInputError,
  InvitationNotSentError,
  LastOwnerError,
  NotConfiguredError,
  NotFoundError,
  PersonExistsError,
  RunEndedError,
  UnknownClinicError,
  UnknownRecordError,
  UnreachableError,
} from '../../app/errors';
import { pauseRuns } from '../../app/hold';
import { emailHash } from '../../app/email-hash';
import { phoneHash } from '../../app/phone-hash';
import { resendStep } from '../../app/resend';
import { getStatus } from '../../app/status';
import { httpErrorOf } from '../../api/errors';
import { failure } from '../../cli/exit';
import { refuseEnded, refuseField } from '../../workflows/validation';
import type { AftercareInput, ClinicProfile } from '../../workflows/contract';
import { clinicDirectory } from '../../dev/clinics';

const WF = 'aftercare-northside-C1042-s1';
const ADMIN = operatorCaller('api');

/** What the client throws when the workflow's validator refused an update. */
function refused(refuse: () => never): WorkflowUpdateFailedError {
  try {
    refuse();
  } catch (failure) {
    return new WorkflowUpdateFailedError('Workflow Update failed', failure as Error);
  }
  throw new Error('refuse() returned');
}

interface Handle {
  executeUpdate?: (...args: unknown[]) => Promise<unknown>;
  signal?: (...args: unknown[]) => Promise<void>;
  query?: (...args: unknown[]) => Promise<unknown>;
  describe?: () => Promise<unknown>;
}

function clientWith(handle: Handle, extra: Record<string, unknown> = {}): Client {
  return { workflow: { getHandle: () => handle, ...extra } } as unknown as Client;
}

const notFound = () => new WorkflowNotFoundError('workflow not found', WF, undefined);

describe('update refusals', () => {
  it('a refuseField refusal is InvalidInputError naming that field', async () => {
    const err = refused(() => refuseField('appointmentAt', 'the appointment must be in the future'));
    const client = clientWith({ executeUpdate: () => Promise.reject(err) });
    const result = recordBooking({ client, workflowId: WF, appointmentAt: '2020-01-01T10:00:00Z' });
    await expect(result).rejects.toBeInstanceOf(InvalidInputError);
    await expect(result).rejects.toMatchObject({ issues: [{ path: 'appointmentAt', message: 'the appointment must be in the future' }] });
  });

  // Its text reads "workflowId: this aftercare plan is cancelled": only the failure's type says it is no field error.
  it('a refuseEnded refusal is RunEndedError for the run', async () => {
    const err = refused(() => refuseEnded('cancelled'));
    const client = clientWith({ executeUpdate: () => Promise.reject(err) });
    const result = resendStep({ client, workflowId: WF, step: 'welcome' });
    await expect(result).rejects.toBeInstanceOf(RunEndedError);
    await expect(result).rejects.toMatchObject({ workflowId: WF, reason: 'this aftercare plan is cancelled' });
  });

  it('a run that is gone is RunEndedError when it has ended, NotFoundError when it never was', async () => {
    const ended = clientWith({ signal: () => Promise.reject(notFound()), describe: async () => ({ status: { name: 'COMPLETED' } }) });
    await expect(pauseRuns({ client: ended, workflowId: WF, reason: 'r' })).rejects.toMatchObject({ name: 'RunEndedError', workflowId: WF });
    const never = clientWith({ signal: () => Promise.reject(notFound()), describe: () => Promise.reject(notFound()) });
    const missing = pauseRuns({ client: never, workflowId: WF, reason: 'r' });
    await expect(missing).rejects.toBeInstanceOf(NotFoundError);
    await expect(missing).rejects.toThrow(`no running aftercare workflow with ID ${WF}`);
  });

  it('a status query of no such run, or of another workflow type, is NotFoundError', async () => {
    await expect(getStatus({ client: clientWith({ query: () => Promise.reject(notFound()) }), workflowId: WF })).rejects.toBeInstanceOf(NotFoundError);
    const other = clientWith({ query: () => Promise.reject(new QueryNotRegisteredError('no status query', 'NOT_FOUND' as never)) });
    await expect(getStatus({ client: other, workflowId: WF })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('contact change', () => {
  it('sends the new phone with its PhoneHash, computed by the operation', async () => {
    const sent: unknown[] = [];
    const client = clientWith({ executeUpdate: async (_update, opts) => sent.push((opts as { args: unknown[] }).args[0]) });
    await changeContact({ client, workflowId: WF, phone: '+12125554400', phoneHashKey: 'a-phone-hash-key-0123' });
    await changeContact({ client, workflowId: WF, email: 'new@example.com', phoneHashKey: 'a-phone-hash-key-0123' });
    expect(sent).toEqual([
      { phone: '+12125554400', phoneHash: phoneHash('+12125554400', 'a-phone-hash-key-0123') },
      { email: 'new@example.com', emailHash: emailHash('new@example.com', 'a-phone-hash-key-0123') },
    ]);
    await expect(changeContact({ client, workflowId: WF, phoneHashKey: undefined })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('refuses a new phone when PHONE_HASH_KEY is unset (503 not_configured), sending nothing; an email alone still goes', async () => {
    const sent: unknown[] = [];
    const client = clientWith({ executeUpdate: async (_update, opts) => sent.push((opts as { args: unknown[] }).args[0]) });
    const err = await changeContact({ client, workflowId: WF, phone: '+12125554400', phoneHashKey: undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotConfiguredError);
    expect(err).toMatchObject({ setting: 'PHONE_HASH_KEY' });
    expect(httpErrorOf(err, `/api/enrollments/${WF}/contact`)).toMatchObject({ statusCode: 503, body: { error: 'not_configured', message: expect.stringMatching(/PHONE_HASH_KEY/) } });
    expect(sent).toEqual([]);
    await changeContact({ client, workflowId: WF, email: 'new@example.com', phoneHashKey: undefined });
    expect(sent).toEqual([{ email: 'new@example.com' }]);
  });
});

describe('enroll', () => {
  const clinic: ClinicProfile = {
    id: 'northside',
    name: 'Northside',
    phone: '+12125550100',
    email: 'clinic@example.com',
    bookingUrl: 'https://example.com/book',
    sendTime: '10:00',
    window: { start: '09:00', end: '20:00' },
    plannedSessions: 3,
  };
  const clinics = clinicDirectory([clinic]);
  const now = new Date();
  const body = (extra: Record<string, unknown> = {}) => ({
    clinicId: 'northside',
    clientRef: 'C1042',
    client: { firstName: 'Jordan', phone: '+12125554477', timezone: 'America/New_York', consent: { sms: true, email: false, text: 'I agree.' } },
    session: { number: 1, performedAt: DateTime.fromJSDate(now).minus({ hours: 1 }).toISO() },
    ...extra,
  });

  it('starts the run with the consent record and PhoneHash from the one parse of the body', async () => {
    const started: AftercareInput[] = [];
    // No session of the client under a first-scheme ID (app/legacy-sessions.ts looks them up), and
    // no touch-up reminders of an earlier course to end.
    const client = clientWith({ describe: () => Promise.reject(notFound()), signal: () => Promise.reject(notFound()) }, { start: async (_type: unknown, opts: { args: AftercareInput[] }) => started.push(opts.args[0]!) });
    const result = await enroll({ client, caller: ADMIN, clinics, body: body(), now, phoneHashKey: 'a-phone-hash-key-0123' });
    expect(result.workflowId).toBe('aftercare-northside~C1042-s1');
    expect(started[0]).toMatchObject({ consentRecord: { text: 'I agree.', at: now.toISOString() }, phoneHash: phoneHash('+12125554477', 'a-phone-hash-key-0123') });
  });

  it('refuses a bad body, an unknown clinic and a second enrollment with their typed errors', async () => {
    const client = clientWith(
      { describe: () => Promise.reject(notFound()) },
      { start: () => Promise.reject(new WorkflowExecutionAlreadyStartedError('started', WF, 'aftercareWorkflow')) },
    );
    await expect(enroll({ client, caller: ADMIN, clinics, body: body({ clinicId: 'Bad Id' }), now, phoneHashKey: undefined })).rejects.toMatchObject({
      name: 'InvalidInputError',
      issues: [{ path: 'clinicId' }],
    });
    await expect(enroll({ client, caller: ADMIN, clinics, body: body({ clinicId: 'elsewhere' }), now, phoneHashKey: undefined })).rejects.toBeInstanceOf(UnknownClinicError);
    await expect(enroll({ client, caller: ADMIN, clinics, body: body(), now, phoneHashKey: undefined })).rejects.toBeInstanceOf(AlreadyEnrolledError);
  });

  it("refuses another clinic's caller as if the clinic did not exist, starting nothing", async () => {
    const started: unknown[] = [];
    const client = clientWith({ describe: () => Promise.reject(notFound()) }, { start: async () => started.push(1) });
    const elsewhere: Caller = { kind: 'key', keyId: 'k1', role: 'staff', clinicId: 'southside', actor: 'key:k1', via: 'api' };
    const err = await enroll({ client, caller: elsewhere, clinics, body: body(), now, phoneHashKey: undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownClinicError);
    expect(httpErrorOf(err, '/api/enrollments')).toMatchObject({ statusCode: 404, body: { issues: [{ path: 'clinicId' }] } });
    expect(started).toEqual([]);
  });
});

describe('the one mapping of each caller', () => {
  const cases: { what: string; err: Error; status: number; code: 1 | 2 }[] = [
    { what: 'invalid input', err: new InvalidInputError([{ path: 'appointmentAt', message: 'the appointment must be in the future' }]), status: 400, code: 2 },
    { what: 'an unknown clinic', err: new UnknownClinicError('elsewhere', ['northside']), status: 404, code: 2 },
    { what: 'no such run', err: new NotFoundError(WF), status: 404, code: 1 },
    { what: 'a second enrollment', err: new AlreadyEnrolledError(WF), status: 409, code: 2 },
    { what: 'a clinic id taken', err: new ClinicExistsError('northside'), status: 409, code: 2 },
    { what: 'an ended run', err: new RunEndedError(WF, 'this aftercare plan is cancelled'), status: 409, code: 2 },
    { what: 'Temporal away', err: new UnreachableError('cannot reach the Temporal server at localhost:7233'), status: 503, code: 1 },
    { what: 'a role not enough', err: new ForbiddenError("Only the clinic's owners and administrators may manage its keys."), status: 403, code: 2 },
    { what: 'no such key', err: new UnknownRecordError('key', 'keyId', 'k1'), status: 404, code: 2 },
    { what: 'an email taken', err: new PersonExistsError(), status: 409, code: 2 },
    { what: 'the last owner', err: new LastOwnerError('northside'), status: 409, code: 2 },
    { what: 'an invitation the mail server refused', err: new InvitationNotSentError('p1'), status: 502, code: 1 },
  ];

  it.each(cases)('$what: HTTP $status, exit code $code', ({ err, status, code }) => {
    expect(httpErrorOf(err, '/api/enrollments')?.statusCode).toBe(status);
    expect(failure(err).code).toBe(code);
  });

  it('names the field (or the flag it came from) and never shows an unexpected error', () => {
    const invalid = new InvalidInputError([{ path: 'appointmentAt', message: 'the appointment must be in the future' }]);
    expect(httpErrorOf(invalid, '/api/x')?.body).toMatchObject({ error: 'invalid_request', issues: [{ path: 'appointmentAt' }] });
    expect(failure(invalid, { appointmentAt: '--at' }).message).toBe('--at: the appointment must be in the future');
    expect(httpErrorOf(new UnknownClinicError('elsewhere', []), '/api/x')?.body).toMatchObject({ issues: [{ path: 'clinicId' }] });
    expect(httpErrorOf(new TypeError('kaboom'), '/api/x')).toBeUndefined();
  });
});
