/**
 * The OpenAPI 3.1 document of the HTTP API and the Twilio webhooks (served at /openapi.json),
 * and /docs: a self-contained HTML page rendered from it on the server. No script, no style
 * sheet and no font is fetched from anywhere.
 *
 * The enrollment body's schema is generated from the one zod schema the API validates with
 * (client/enrollment-schema.ts), so the document cannot drift from what is enforced.
 */
import { z } from 'zod';
import { enrollmentSchema } from '../app/enrollment-schema';
import { STEP_IDS } from '../domain/steps';

type Json = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, example?: unknown) => ({ 'application/json': { schema, ...(example !== undefined ? { example } : {}) } });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const xmlResponse = (description: string) => ({
  description,
  content: { 'text/xml': { schema: { type: 'string' }, example: '<?xml version="1.0" encoding="UTF-8"?><Response/>' } },
});

const EXAMPLE_ENROLLMENT = {
  clinicId: 'northside',
  clientRef: 'C1042',
  client: {
    firstName: 'Jordan',
    phone: '+15550104477',
    email: 'jordan@example.com',
    timezone: 'America/New_York',
    consent: { sms: true, email: true, text: 'I agree to receive aftercare texts and emails.', at: '2026-11-24T15:05:00-05:00' },
  },
  session: { number: 1, performedAt: '2026-11-24T15:00:00-05:00', plannedSessions: 3 },
};

function enrollmentBodySchema(): Json {
  const schema = z.toJSONSchema(enrollmentSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete schema.$schema;
  const props = schema.properties as Record<string, Json & { properties?: Record<string, Json & { properties?: Record<string, Json> }> }>;
  props.clientRef!.description = "The clinic's own opaque client reference: never a name, phone number or email.";
  props.client!.properties!.timezone!.description = 'IANA time zone of the client, e.g. America/New_York.';
  props.client!.properties!.phone!.description = 'E.164. Required when consent.sms is true.';
  props.client!.properties!.email!.description = 'Required when consent.email is true.';
  props.client!.properties!.consent!.properties!.text!.description = 'The consent wording the client agreed to (kept with the enrollment).';
  props.client!.properties!.consent!.properties!.at!.format = 'date-time';
  props.client!.properties!.consent!.properties!.at!.description = 'When the client agreed (ISO-8601 with offset); default: when enrolled.';
  props.session!.properties!.performedAt!.format = 'date-time';
  props.session!.properties!.performedAt!.description = 'ISO-8601 with offset; not in the future, at most 45 days ago.';
  props.session!.properties!.plannedSessions!.description = "Default: the clinic's plannedSessions.";
  schema.description = 'At least one channel must be consented to. Unknown fields are refused.';
  return schema;
}

const stepId = { type: 'string', enum: [...STEP_IDS] };
const dateTime = { type: 'string', format: 'date-time' };

const SCHEMAS: Record<string, Json> = {
  Error: {
    type: 'object',
    required: ['error', 'message'],
    properties: {
      error: { type: 'string', description: 'A stable word: invalid_request, unauthorized, not_found, already_enrolled, workflow_closed, payload_too_large, unsupported_media_type, rate_limited, temporal_unavailable, not_configured, forbidden, internal_error.' },
      message: { type: 'string', description: 'For people.' },
      requestId: { type: 'string', description: 'Also in the x-request-id header; quote it when reporting a problem.' },
      issues: { type: 'array', items: ref('Issue') },
      workflowId: { type: 'string' },
    },
  },
  Issue: {
    type: 'object',
    required: ['path', 'message'],
    properties: { path: { type: 'string', example: 'client.phone' }, message: { type: 'string' } },
  },
  Clinic: {
    type: 'object',
    required: ['id', 'name', 'phone', 'bookingUrl', 'sendTime', 'window', 'plannedSessions'],
    properties: {
      id: { type: 'string', example: 'northside' },
      name: { type: 'string' },
      phone: { type: 'string' },
      bookingUrl: { type: 'string', format: 'uri' },
      sendTime: { type: 'string', example: '10:00', description: "Local send time of each step, in the client's zone." },
      window: { type: 'string', example: '09:00-20:00', description: 'Sending window, client local time.' },
      plannedSessions: { type: 'integer' },
    },
  },
  PlannedStep: {
    type: 'object',
    required: ['step', 'day', 'to', 'sendAt', 'local'],
    properties: {
      step: stepId,
      day: { type: ['integer', 'null'] },
      to: { type: 'string', enum: ['client', 'clinic'] },
      sendAt: { ...dateTime, description: 'UTC instant.' },
      local: { type: 'string', description: "The same instant in the client's zone, with offset." },
    },
  },
  EnrollmentResult: {
    type: 'object',
    required: ['workflowId', 'plan'],
    properties: { workflowId: { type: 'string', example: 'aftercare-northside-C1042-s1' }, plan: { type: 'array', items: ref('PlannedStep') } },
  },
  SentRecord: {
    type: 'object',
    required: ['id', 'channel', 'at', 'status'],
    properties: {
      id: stepId,
      channel: { type: 'string', enum: ['sms', 'email', 'clinic-email'] },
      at: dateTime,
      status: { type: 'string', enum: ['sent', 'delivered', 'undelivered', 'failed', 'skipped'] },
      detail: { type: 'string' },
    },
  },
  Status: {
    type: 'object',
    description: "The workflow's `status` query.",
    required: ['phase', 'sessionNumber', 'nextStep', 'sent', 'booking'],
    properties: {
      phase: { type: 'string', description: 'A step id, or enrolled/completed/superseded/cancelled.' },
      sessionNumber: { type: 'integer' },
      nextStep: { oneOf: [{ type: 'null' }, { type: 'object', properties: { id: stepId, sendAt: dateTime } }] },
      sent: { type: 'array', items: ref('SentRecord') },
      booking: {
        type: 'object',
        properties: { status: { type: 'string', enum: ['not-needed', 'awaiting', 'booked'] }, appointmentAt: { type: ['string', 'null'], format: 'date-time' } },
      },
      channels: {
        type: 'object',
        properties: {
          sms: { type: 'string', enum: ['active', 'opted-out', 'failed', 'none'] },
          email: { type: 'string', enum: ['active', 'opted-out', 'failed', 'none'] },
        },
      },
      plan: { type: 'array', items: ref('PlannedStep') },
      timezone: { type: 'string' },
      clinicId: { type: 'string' },
      clientRef: { type: 'string' },
    },
  },
  ListRow: {
    type: 'object',
    properties: {
      workflowId: { type: 'string' },
      clinicId: { type: ['string', 'null'] },
      clientRef: { type: ['string', 'null'] },
      sessionNumber: { type: ['integer', 'null'] },
      phase: { type: ['string', 'null'] },
      nextStepAt: { type: ['string', 'null'], format: 'date-time' },
      bookingStatus: { type: ['string', 'null'] },
      deliveryProblem: { type: ['string', 'null'], description: "'none', or what stops delivery." },
    },
  },
  Booking: {
    type: 'object',
    required: ['appointmentAt'],
    additionalProperties: false,
    properties: { appointmentAt: { ...dateTime, description: 'ISO-8601 with offset; in the future and after this session.' } },
  },
  Cancel: {
    type: 'object',
    additionalProperties: false,
    properties: { reason: { type: 'string', minLength: 1, maxLength: 200 } },
  },
  Cancelled: {
    type: 'object',
    properties: { workflowId: { type: 'string' }, cancelled: { type: 'boolean', const: true }, reason: { type: 'string' } },
  },
  TwilioInbound: {
    type: 'object',
    description: "Twilio's inbound message webhook parameters (all of them are signed; only these are used).",
    properties: {
      From: { type: 'string', description: "The client's number (E.164)." },
      Body: { type: 'string', description: 'STOP/STOPALL/UNSUBSCRIBE/CANCEL/END/QUIT/REVOKE/OPTOUT, START/UNSTOP, HELP/INFO, BOOK/YES, or any text.' },
      MessageSid: { type: 'string' },
      NumMedia: { type: 'string' },
    },
    additionalProperties: { type: 'string' },
  },
  TwilioStatus: {
    type: 'object',
    description: "Twilio's message status callback parameters.",
    properties: {
      MessageStatus: { type: 'string', description: 'delivered, undelivered and failed are recorded; others are ignored.' },
      ErrorCode: { type: 'string' },
      MessageSid: { type: 'string' },
    },
    additionalProperties: { type: 'string' },
  },
};

const workflowIdParam = {
  name: 'workflowId',
  in: 'path',
  required: true,
  schema: { type: 'string', example: 'aftercare-northside-C1042-s1' },
  description: 'aftercare-<clinicId>-<clientRef>-s<sessionNumber>',
};

const common = {
  '401': errorResponse('No or a wrong API key (WWW-Authenticate: Bearer).'),
  '429': errorResponse('Too many requests with this key (Retry-After says when to try again).'),
  '500': errorResponse('Unexpected server error: a generic message and the request id, never a stack trace.'),
  '503': errorResponse('Temporal is unreachable or did not answer in time.'),
};
const withBody = {
  '400': errorResponse('Invalid body: issues name each field; nothing was started or changed.'),
  '413': errorResponse('Body larger than 32 KiB.'),
  '415': errorResponse('Body is not application/json.'),
};

const signature = {
  name: 'X-Twilio-Signature',
  in: 'header',
  required: true,
  schema: { type: 'string' },
  description: 'Base64 HMAC-SHA1 of PUBLIC_BASE_URL + path + query string + the sorted parameters, keyed with TWILIO_AUTH_TOKEN.',
};
const idempotency = {
  name: 'I-Twilio-Idempotency-Token',
  in: 'header',
  required: false,
  schema: { type: 'string' },
  description: "A retry carrying a token already answered gets the same answer and does nothing again.",
};
const webhookErrors = {
  '403': errorResponse('Missing or wrong X-Twilio-Signature.'),
  '503': errorResponse('PUBLIC_BASE_URL or TWILIO_AUTH_TOKEN not set, or Temporal unreachable (Twilio may retry).'),
};

let cached: Json | undefined;

export function openApiDocument(): Json {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'smp-aftercare API',
      version: '1',
      description:
        'Enroll scalp micropigmentation clients in their aftercare plan and follow it. Every /api route needs `Authorization: Bearer <API_KEY>` and is rate-limited per key. Error bodies are `{ error, message, requestId, issues? }`.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags: [
      { name: 'enrollments', description: 'The clinic-facing API.' },
      { name: 'twilio', description: 'Webhooks Twilio calls; signature-checked, no API key.' },
      { name: 'docs', description: 'This document.' },
    ],
    paths: {
      '/api/enrollments': {
        post: {
          tags: ['enrollments'],
          operationId: 'enroll',
          summary: 'Enroll a client after a treatment session (starts its aftercare workflow)',
          requestBody: { required: true, content: json(ref('Enrollment'), EXAMPLE_ENROLLMENT) },
          responses: {
            '201': { description: 'Enrolled; Location names the new enrollment.', content: json(ref('EnrollmentResult')) },
            ...withBody,
            '404': errorResponse('Unknown clinic (issues: clinicId).'),
            '409': errorResponse('This session of this client is already enrolled (workflowId names it).'),
            ...common,
          },
        },
        get: {
          tags: ['enrollments'],
          operationId: 'listEnrollments',
          summary: 'List enrolled sessions, newest first (at most 500)',
          parameters: [{ name: 'clinicId', in: 'query', required: false, schema: { type: 'string' }, description: 'Only this clinic.' }],
          responses: {
            '200': { description: 'The sessions.', content: json({ type: 'array', items: ref('ListRow') }) },
            '400': errorResponse('A malformed clinicId or an unknown query parameter.'),
            '404': errorResponse('Unknown clinic.'),
            ...common,
          },
        },
      },
      '/api/enrollments/{workflowId}': {
        get: {
          tags: ['enrollments'],
          operationId: 'getEnrollment',
          summary: "A session's phase, next step, what was sent and its delivery status",
          parameters: [workflowIdParam],
          responses: {
            '200': { description: 'The status query.', content: json(ref('Status')) },
            '404': errorResponse('No such workflow.'),
            ...common,
          },
        },
      },
      '/api/enrollments/{workflowId}/booking': {
        post: {
          tags: ['enrollments'],
          operationId: 'recordBooking',
          summary: "Record the client's next appointment (the recordBooking update)",
          parameters: [workflowIdParam],
          requestBody: { required: true, content: json(ref('Booking'), { appointmentAt: '2026-12-22T14:00:00-05:00' }) },
          responses: {
            '200': { description: 'Recorded; the updated status.', content: json(ref('Status')) },
            ...withBody,
            '404': errorResponse('No such workflow.'),
            '409': errorResponse('The plan has ended (cancelled, superseded, completed); nothing recorded.'),
            ...common,
          },
        },
      },
      '/api/enrollments/{workflowId}/cancel': {
        post: {
          tags: ['enrollments'],
          operationId: 'cancelEnrollment',
          summary: "Stop a session's aftercare messages",
          parameters: [workflowIdParam],
          requestBody: { required: false, content: json(ref('Cancel'), { reason: 'client asked us to stop' }) },
          responses: {
            '200': { description: 'Cancelled.', content: json(ref('Cancelled')) },
            ...withBody,
            '404': errorResponse('No such workflow.'),
            '409': errorResponse('The plan has already ended.'),
            ...common,
          },
        },
      },
      '/api/clinics': {
        get: {
          tags: ['enrollments'],
          operationId: 'listClinics',
          summary: 'The clinics this server knows (CLINICS_FILE), for choosing one when enrolling',
          responses: {
            '200': { description: 'The clinics.', content: json({ type: 'array', items: ref('Clinic') }) },
            ...common,
          },
        },
      },
      '/api/steps': {
        get: {
          tags: ['enrollments'],
          operationId: 'listSteps',
          summary: 'The care steps: id, day, recipient and the label every screen shows',
          responses: {
            '200': {
              description: 'The steps in timeline order.',
              content: json({
                type: 'array',
                items: { type: 'object', required: ['id', 'day', 'to', 'label'], properties: { id: { type: 'string' }, day: { type: 'integer' }, to: { type: 'string', enum: ['client', 'clinic'] }, label: { type: 'string' } } },
              }),
            },
            ...common,
          },
        },
      },
      '/healthz': {
        get: {
          tags: ['docs'],
          operationId: 'health',
          summary: 'Liveness: the server answers (no API key needed)',
          security: [],
          responses: { '200': { description: 'Up', content: json({ type: 'object', properties: { status: { const: 'ok' } } }) } },
        },
      },
      '/readyz': {
        get: {
          tags: ['docs'],
          operationId: 'ready',
          summary: 'Readiness: the server can reach Temporal (no API key needed)',
          security: [],
          responses: {
            '200': { description: 'Ready', content: json({ type: 'object', properties: { status: { const: 'ready' } } }) },
            '503': { description: 'Temporal cannot be reached', content: json({ type: 'object', properties: { status: { const: 'not-ready' }, message: { type: 'string' } } }) },
          },
        },
      },
      '/openapi.json': {
        get: {
          tags: ['docs'],
          operationId: 'openApi',
          summary: 'This OpenAPI document (no API key needed)',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1', content: json({ type: 'object' }) } },
        },
      },
      '/docs': {
        get: {
          tags: ['docs'],
          operationId: 'docs',
          summary: 'This document as a web page (no API key needed)',
          security: [],
          responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
      '/webhooks/twilio/inbound': {
        post: {
          tags: ['twilio'],
          operationId: 'twilioInbound',
          summary: 'Inbound SMS: STOP/START/HELP/BOOK and free text',
          description:
            'STOP-family words opt the number out of SMS on every running aftercare of that phone, START/UNSTOP opt it back in, HELP answers with the clinic name and phone, BOOK/YES and any other text are forwarded to the clinic by email (newest running aftercare). Keywords: any case, surrounding spaces and punctuation ignored.',
          security: [],
          parameters: [signature, idempotency],
          requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: ref('TwilioInbound') } } },
          responses: {
            '200': xmlResponse('TwiML: empty, or for HELP a <Message> with the clinic name and phone.'),
            '413': errorResponse('Body larger than 32 KiB.'),
            '415': errorResponse('Body is not form-encoded.'),
            ...webhookErrors,
          },
        },
      },
      '/webhooks/twilio/status': {
        post: {
          tags: ['twilio'],
          operationId: 'twilioStatus',
          summary: 'Delivery status callbacks of the texts the worker sent',
          security: [],
          parameters: [
            { name: 'wf', in: 'query', required: true, schema: { type: 'string' }, description: 'Workflow ID.' },
            { name: 'step', in: 'query', required: true, schema: stepId },
            { name: 'channel', in: 'query', required: false, schema: { type: 'string', enum: ['sms'] } },
            signature,
            idempotency,
          ],
          requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: ref('TwilioStatus') } } },
          responses: {
            '200': xmlResponse('Always for a valid signature, also when the workflow has ended or the status is ignored.'),
            '413': errorResponse('Body larger than 32 KiB.'),
            '415': errorResponse('Body is not form-encoded.'),
            ...webhookErrors,
          },
        },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API_KEY (the local stack prints it and keeps it in .env.local).' } },
      schemas: { Enrollment: enrollmentBodySchema(), ...SCHEMAS },
    },
  };
  return cached;
}

// --- the docs page ------------------------------------------------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Escaped text with `code` spans (the only markdown the descriptions use). */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  summary?: string;
  description?: string;
  operationId?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Json; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Json }> }>;
}

function schemaName(schema: Json | undefined): string {
  const r = schema?.$ref;
  return typeof r === 'string' ? r.split('/').pop()! : schema?.type === 'array' ? `${schemaName((schema.items as Json) ?? {})}[]` : String(schema?.type ?? '');
}

let page: string | undefined;

/** The document as one static HTML page, anchors per operation and schema. */
export function docsPage(): string {
  if (page) return page;
  const doc = openApiDocument() as { info: { title: string; description: string }; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } };
  const ops: string[] = [];
  const toc: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const id = op.operationId ?? `${method}-${path}`;
      toc.push(`<li><a href="#op-${escapeHtml(id)}"><code>${method.toUpperCase()} ${escapeHtml(path)}</code></a> — ${escapeHtml(op.summary ?? '')}</li>`);
      const params = (op.parameters ?? [])
        .map((p) => `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td>${escapeHtml(p.description ?? '')}</td></tr>`)
        .join('');
      const body = op.requestBody
        ? Object.entries(op.requestBody.content)
            .map(
              ([type, c]) =>
                `<p><strong>Body</strong> (${escapeHtml(type)}${op.requestBody!.required ? '' : ', optional'}): <a href="#schema-${escapeHtml(schemaName(c.schema))}">${escapeHtml(schemaName(c.schema))}</a></p>` +
                (c.example !== undefined ? `<pre>${escapeHtml(JSON.stringify(c.example, null, 2))}</pre>` : ''),
            )
            .join('')
        : '';
      const responses = Object.entries(op.responses)
        .map(([code, r]) => {
          const schema = r.content ? Object.values(r.content)[0]?.schema : undefined;
          const name = schema ? schemaName(schema) : '';
          const link = name && doc.components.schemas[name.replace(/\[\]$/, '')] ? `<a href="#schema-${escapeHtml(name.replace(/\[\]$/, ''))}">${escapeHtml(name)}</a>` : escapeHtml(name);
          return `<tr><td><code>${escapeHtml(code)}</code></td><td>${escapeHtml(r.description)}</td><td>${link}</td></tr>`;
        })
        .join('');
      ops.push(`<section id="op-${escapeHtml(id)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}${op.security && op.security.length === 0 ? ' <span class="muted">(no API key)</span>' : ''}</p>
${op.description ? `<p class="muted">${prose(op.description)}</p>` : ''}
${params ? `<table><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th></th></tr></thead><tbody>${params}</tbody></table>` : ''}
${body}
<table><thead><tr><th>Status</th><th>Meaning</th><th>Body</th></tr></thead><tbody>${responses}</tbody></table>
</section>`);
    }
  }
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, schema]) => `<section id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`)
    .join('\n');
  page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(doc.info.title)}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, Segoe UI, Roboto, sans-serif; margin: 2rem auto; max-width: 62rem; padding: 0 1rem; color: #1d2430; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #e3e6ea; } h3 { font-size: 1.05rem; margin-bottom: .3rem; }
section { margin: 1.6rem 0; } a { color: #2456a6; } .muted { color: #5b6573; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; } th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid #e3e6ea; }
th { font-size: .78rem; text-transform: uppercase; color: #5b6573; }
pre { background: #f5f7f9; padding: .7rem; overflow-x: auto; font-size: .85rem; }
.method { display: inline-block; min-width: 3.4rem; text-align: center; border-radius: 4px; color: #fff; font-size: .8rem; padding: .1rem .3rem; }
.get { background: #2f7d4f; } .post { background: #2456a6; }
</style></head><body>
<h1>${escapeHtml(doc.info.title)}</h1>
<p>${prose(doc.info.description)}</p>
<p>The machine-readable document: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<h2>Operations</h2><ul>${toc.join('\n')}</ul>
${ops.join('\n')}
<h2>Schemas</h2>
${schemas}
</body></html>`;
  return page;
}
