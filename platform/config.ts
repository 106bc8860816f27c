/**
 * The one configuration schema: every environment variable the worker, the HTTP API, the CLI and
 * the local stack read, validated once at start-up. A bad value stops start-up with one line that
 * names the variable and the reason, e.g.
 * `Invalid configuration: SMTP_URL: must be an smtp:// or smtps:// URL`.
 *
 * Keys keep the variables' names (so `config.SMTP_URL` is `SMTP_URL`), values are parsed: ports are
 * numbers, paths are absolute, empty strings count as unset.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { E164 } from '../domain/identifiers';
import { phoneNumberProblem } from '../domain/phone';
import { isUrlWith, isWebUrl, WEB_URL_HINT } from '../domain/url';
import { CodecConfigError, loadCodecKeys } from './codec/aes-gcm-codec';
import { CODEC_TOKEN_MIN_LENGTH } from './codec/codec-server';
import { PROJECT_ROOT } from './paths';

/** API_AUTH_FAILURES_PER_MINUTE when unset. */
export const DEFAULT_AUTH_FAILURES_PER_MINUTE = 20;

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Unset, empty and whitespace-only values all mean "not set". */
function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}

function withDefault<T extends z.ZodType>(schema: T, fallback: z.input<T>) {
  return z.preprocess((v) => blankToUndefined(v) ?? fallback, schema);
}

/** A metrics token shorter than this is guessable. */
const METRICS_TOKEN_MIN_LENGTH = 16;

const noSpaces = (what: string) => z.string().trim().regex(/^\S+$/, { message: `must be ${what} without spaces` });

const httpUrl = z
  .string()
  .trim()
  .refine(isWebUrl, { message: WEB_URL_HINT })
  .transform((v) => v.replace(/\/+$/, ''));

const port = (allowZero: boolean) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: 'must be a port number' })
    .transform(Number)
    .refine((n) => n <= 65535 && (allowZero || n > 0), {
      message: allowZero ? 'must be a port number from 0 to 65535' : 'must be a port number from 1 to 65535',
    });

/** A rate limit: a whole number of `what` per minute, from 1 to 100000. */
const perMinute = (what: string, fallback: string) =>
  withDefault(
    z
      .string()
      .trim()
      .regex(/^\d+$/, { message: `must be a whole number of ${what} per minute` })
      .transform(Number)
      .refine((n) => n >= 1 && n <= 100_000, { message: 'must be a whole number from 1 to 100000' }),
    fallback,
  );

/** A path, relative ones resolved against `base`. */
const resolvedPath = (base: string) =>
  z
    .string()
    .trim()
    .transform((p) => path.resolve(base, p));

function isReadableFile(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

const readableFile = (base: string) =>
  resolvedPath(base).refine(isReadableFile, { message: 'must be a readable file (no such file, or not readable)' });

// host, host:port, or [ipv6]:port
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+)(:(\d{1,5}))?$/;
// "Name <addr@host>" or "addr@host"
const MAILBOX = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/;

function schemaFor(cwd: string) {
  return z
    .object({
      TEMPORAL_ADDRESS: withDefault(
        z
          .string()
          .trim()
          .refine((v) => {
            const m = HOST_PORT.exec(v);
            return m !== null && (m[3] === undefined || (Number(m[3]) > 0 && Number(m[3]) <= 65535));
          }, { message: 'must be host:port, for example localhost:7233' }),
        'localhost:7233',
      ),
      TEMPORAL_NAMESPACE: withDefault(noSpaces('a namespace name'), 'default'),
      TEMPORAL_API_KEY: optional(noSpaces('an API key')),
      TEMPORAL_TLS_CERT_PATH: optional(readableFile(cwd)),
      TEMPORAL_TLS_KEY_PATH: optional(readableFile(cwd)),
      /** CA bundle of a self-hosted cluster whose certificate no public CA signed. */
      TEMPORAL_TLS_CA_PATH: optional(readableFile(cwd)),
      /** Name to check the server's certificate against, when it differs from the address's host. */
      TEMPORAL_TLS_SERVER_NAME: optional(noSpaces('a host name')),
      /**
       * The payload codec's key ring (codec/aes-gcm-codec.ts): `id:base64key,...` inline, or a JSON
       * file. Without either, payloads are stored in Temporal unencrypted (the worker warns).
       */
      CODEC_KEYS: optional(z.string().trim()),
      CODEC_KEY_ID: optional(noSpaces('a key id')),
      CODEC_KEYS_FILE: optional(readableFile(cwd)),
      /** Bearer token of the codec server (codec/main.ts) for the CLI and health checks; never in a URL. */
      CODEC_SERVER_TOKEN: optional(
        z
          .string()
          .trim()
          .regex(/^\S+$/, { message: 'must be a token without spaces' })
          .min(CODEC_TOKEN_MIN_LENGTH, { message: `must be at least ${CODEC_TOKEN_MIN_LENGTH} characters` }),
      ),
      /**
       * Text messages per second across every worker on the task queue (Temporal enforces it on the
       * server): Twilio queues a long code's messages at 1 per second, so more only piles up there.
       */
      SMS_RATE_LIMIT_PER_SECOND: withDefault(
        z
          .string()
          .trim()
          .regex(/^\d+(\.\d+)?$/, { message: 'must be a number of messages per second, e.g. 1 or 0.5' })
          .transform(Number)
          .refine((n) => n >= 0.01 && n <= 10_000, { message: 'must be from 0.01 to 10000 messages per second' }),
        '1',
      ),
      API_KEY: optional(noSpaces('a key')),
      PUBLIC_BASE_URL: optional(httpUrl),
      TWILIO_ACCOUNT_SID: optional(
        z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, { message: 'must be a Twilio Account SID (AC followed by 32 hex digits)' }),
      ),
      TWILIO_AUTH_TOKEN: optional(noSpaces('a Twilio auth token')),
      TWILIO_FROM: optional(
        z
          .string()
          .trim()
          .regex(new RegExp(`^(${E164.source.slice(1, -1)}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$`), {
            message: 'must be a phone number in E.164 form (for example +12125550123) or an alphanumeric sender ID',
            abort: true,
          })
          // An alphanumeric sender ID is no number: only a number has to exist.
          .superRefine((from, ctx) => {
            const problem = from.startsWith('+') ? phoneNumberProblem(from) : undefined;
            if (problem) ctx.addIssue({ code: 'custom', message: `${problem} (or an alphanumeric sender ID)` });
          }),
      ),
      TWILIO_MESSAGING_SERVICE_SID: optional(
        z.string().trim().regex(/^MG[0-9a-fA-F]{32}$/, { message: 'must be a Messaging Service SID (MG followed by 32 hex digits)' }),
      ),
      TWILIO_API_BASE_URL: optional(httpUrl),
      /**
       * Signs (and checks) Twilio webhooks only while TWILIO_AUTH_TOKEN is unset: the local stack
       * makes one so that examples/send-inbound-sms.ts can post signed webhooks without a Twilio
       * account. Not part of the all-or-nothing TWILIO_* group; TWILIO_AUTH_TOKEN wins when set.
       */
      TWILIO_WEBHOOK_AUTH_TOKEN: optional(noSpaces('a token')),
      /**
       * Key of the PhoneHash and EmailHash search attributes (app/phone-hash.ts, app/email-hash.ts)
       * and of the unsubscribe links' signatures (app/unsubscribe-token.ts); without it inbound SMS
       * find no client and emails go without unsubscribe links.
       */
      PHONE_HASH_KEY: optional(
        z
          .string()
          .trim()
          .regex(/^\S+$/, { message: 'must be a key without spaces' })
          .min(16, { message: 'must be at least 16 characters (a random secret, e.g. `openssl rand -base64 32`)' }),
      ),
      /** HTTP API requests allowed per API key and minute (429 beyond). */
      API_RATE_LIMIT_PER_MINUTE: perMinute('requests', '120'),
      /**
       * Failed authentications (a wrong API key, an unknown session) allowed per address and minute;
       * beyond, the address gets 429 before anything is checked.
       */
      API_AUTH_FAILURES_PER_MINUTE: perMinute('failures', String(DEFAULT_AUTH_FAILURES_PER_MINUTE)),
      /** The first administrator's email, made by `npm start` when there is no administrator. */
      ADMIN_EMAIL: withDefault(z.string().trim().regex(/^[^\s@<>]+@[^\s@<>]+$/, { message: 'must be an email address' }), 'admin@localhost'),
      SMTP_URL: withDefault(
        z
          .string()
          .trim()
          .refine((v) => isUrlWith(v, ['smtp:', 'smtps:']), { message: 'must be an smtp:// or smtps:// URL' }),
        'smtp://localhost:1025',
      ),
      EMAIL_FROM: withDefault(
        z.string().trim().regex(MAILBOX, { message: 'must be an email address, optionally with a name: Name <address@example.com>' }),
        'Aftercare <aftercare@localhost>',
      ),
      CLINICS_FILE: z.preprocess(
        blankToUndefined,
        z
          .string()
          .optional()
          .transform((p) => (p === undefined ? path.join(PROJECT_ROOT, 'examples', 'clinics.json') : path.resolve(cwd, p.trim())))
          .refine(isReadableFile, { message: 'must be a readable file (no such file, or not readable)' }),
      ),
      DATA_DIR: z.preprocess(
        blankToUndefined,
        z
          .string()
          .optional()
          .transform((p) => (p === undefined ? path.join(PROJECT_ROOT, '.data') : path.resolve(cwd, p.trim()))),
      ),
      /**
       * The application database (send records, clinics; platform/database). Unset: PGlite, with
       * its files in DATA_DIR, reached through `npm start` while it runs. Set it for workers on
       * more than one host: they share the send records through it.
       */
      DATABASE_URL: optional(
        z
          .string()
          .trim()
          .refine((v) => isUrlWith(v, ['postgres:', 'postgresql:']), {
            message: 'must be a postgres:// URL, for example postgres://aftercare:secret@localhost:5432/aftercare',
          }),
      ),
      METRICS_PORT: withDefault(port(true), '9464'),
      /** The address the worker's metrics listen on: every interface in a container, loopback in the local stack. */
      METRICS_HOST: withDefault(noSpaces('an IP address'), '0.0.0.0'),
      /**
       * Bearer token Prometheus sends for the API's business metrics (`GET /metrics`: counts by
       * clinic, no personal data). Unset: /metrics answers anyone who reaches the API's port, which
       * suits loopback only (the local stack); set it wherever the API is reachable from outside.
       */
      METRICS_TOKEN: optional(
        z
          .string()
          .trim()
          .regex(/^\S+$/, { message: 'must be a token without spaces' })
          .min(METRICS_TOKEN_MIN_LENGTH, { message: `must be at least ${METRICS_TOKEN_MIN_LENGTH} characters` }),
      ),
      /**
       * Workflows kept in the worker's memory between their tasks. Aftercare runs sleep for days,
       * so a cached run is rarely woken again soon, and each costs about 1.7 MB: the SDK's default
       * (sized from the machine's memory) held 4 GB for 10 000 sleeping runs (bench/RESULTS.md).
       * An evicted run is replayed from its short history when it wakes.
       */
      WORKER_MAX_CACHED_WORKFLOWS: withDefault(
        z
          .string()
          .trim()
          .regex(/^\d+$/, { message: 'must be a whole number of workflows' })
          .transform(Number)
          .refine((n) => n <= 100_000, { message: 'must be at most 100000' }),
        '60',
      ),
      LOG_LEVEL: withDefault(
        z
          .string()
          .trim()
          .toLowerCase()
          .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })),
        'info',
      ),
      PORT: withDefault(port(true), '3000'),
      WORKFLOW_BUNDLE_PATH: optional(readableFile(cwd)),
    })
    .superRefine((c, ctx) => {
      const issue = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
      // mTLS needs both halves.
      if (c.TEMPORAL_TLS_CERT_PATH && !c.TEMPORAL_TLS_KEY_PATH) {
        issue('TEMPORAL_TLS_KEY_PATH', 'required when TEMPORAL_TLS_CERT_PATH is set');
      }
      if (c.TEMPORAL_TLS_KEY_PATH && !c.TEMPORAL_TLS_CERT_PATH) {
        issue('TEMPORAL_TLS_CERT_PATH', 'required when TEMPORAL_TLS_KEY_PATH is set');
      }
      try {
        loadCodecKeys(c);
      } catch (err) {
        if (!(err instanceof CodecConfigError)) throw err;
        const variable = /^(CODEC_KEYS_FILE|CODEC_KEY_ID|CODEC_KEYS)\b/.exec(err.message)?.[1] ?? 'CODEC_KEYS';
        issue(variable, err.message.startsWith(`${variable}: `) ? err.message.slice(variable.length + 2) : err.message);
      }
      // Twilio: all or nothing. Nothing at all means SMS goes to the local outbox.
      const anyTwilio = Boolean(c.TWILIO_ACCOUNT_SID || c.TWILIO_AUTH_TOKEN || c.TWILIO_FROM || c.TWILIO_MESSAGING_SERVICE_SID);
      if (anyTwilio) {
        const hint = '(Twilio settings are all-or-nothing; unset them all to send SMS to the local outbox)';
        if (!c.TWILIO_ACCOUNT_SID) issue('TWILIO_ACCOUNT_SID', `required with the other TWILIO_* settings ${hint}`);
        if (!c.TWILIO_AUTH_TOKEN) issue('TWILIO_AUTH_TOKEN', `required with the other TWILIO_* settings ${hint}`);
        if (!c.TWILIO_FROM && !c.TWILIO_MESSAGING_SERVICE_SID) {
          issue('TWILIO_FROM', `set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID to send with Twilio ${hint}`);
        }
      }
    });
}

export type Config = z.infer<ReturnType<typeof schemaFor>>;

/** Every variable the schema reads, for checks that a deployment sets or consciously defaults each. */
export const CONFIG_VARIABLES: readonly (keyof Config)[] = Object.keys(schemaFor(PROJECT_ROOT).shape) as (keyof Config)[];

/**
 * Parses the environment into a Config, or throws ConfigError whose message is the one line to
 * print. Relative paths in the environment are resolved against `cwd`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const result = schemaFor(cwd).safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? 'environment'), message: issue.message })),
    );
  }
  return result.data;
}

/** Where the worker keeps its files, all under DATA_DIR. */
export function dataPaths(config: Pick<Config, 'DATA_DIR'>): {
  smsOutboxFile: string;
  logsDir: string;
  temporalDbFile: string;
  mailDir: string;
} {
  return {
    smsOutboxFile: path.join(config.DATA_DIR, 'sms-outbox.jsonl'),
    logsDir: path.join(config.DATA_DIR, 'logs'),
    temporalDbFile: path.join(config.DATA_DIR, 'temporal.sqlite'),
    mailDir: path.join(config.DATA_DIR, 'mail'),
  };
}

/** Twilio settings when SMS goes through Twilio; undefined when it goes to the outbox. */
export function twilioSettings(config: Config):
  | { accountSid: string; authToken: string; from?: string; messagingServiceSid?: string; apiBaseUrl?: string }
  | undefined {
  if (!config.TWILIO_ACCOUNT_SID || !config.TWILIO_AUTH_TOKEN) return undefined;
  return {
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    ...(config.TWILIO_FROM ? { from: config.TWILIO_FROM } : {}),
    ...(config.TWILIO_MESSAGING_SERVICE_SID ? { messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID } : {}),
    ...(config.TWILIO_API_BASE_URL ? { apiBaseUrl: config.TWILIO_API_BASE_URL } : {}),
  };
}
