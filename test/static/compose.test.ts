/**
 * Static checks of the production shape (docker-compose.yml, .env.example, Dockerfile,
 * .dockerignore, deploy/): no Docker engine runs here, so these prove the files are right instead.
 *
 * - docker-compose.yml, interpolated with .env.example the way `docker compose` does it, is valid
 *   against the Compose Specification's JSON schema (the copy the `dclint` package ships);
 * - every service that runs the worker or the API sets each variable of the configuration schema
 *   (platform/config.ts CONFIG_VARIABLES) or leaves it unset on purpose (listed below, with why),
 *   and its example environment passes loadConfig();
 * - .env.example names every variable the compose file interpolates, and nothing else;
 * - no two services publish the same host port, and no replicated service publishes one;
 * - every image is pinned to an explicit version, and the project image to package.json's;
 * - every build context, Dockerfile, bind-mounted file and script a container runs exists;
 * - the one-shot setup registers exactly the workflow's search attributes;
 * - the application has its own role and database, made and migrated by one-shot jobs that the
 *   worker and the API wait for, and no password is ever on a command line;
 * - the monitoring profile's Prometheus and Grafana read the files mounted for them, scrape the API
 *   (with METRICS_TOKEN) and every worker, and the dashboard queries the provisioned datasource and
 *   worker metrics the Temporal SDK defines.
 *
 * Each check is a function returning the problems it finds; the tests run it on the real files
 * (no problems) and on broken copies (the problem is reported), so a check that passes everything
 * fails here.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import draft7 from 'ajv/dist/refs/json-schema-draft-07.json';
import { parseDocument } from 'yaml';
import { codecServerOptionsFromEnv } from '../../platform/codec/main';
import { CONFIG_VARIABLES, loadConfig } from '../../platform/config';
import { PROJECT_ROOT } from '../../platform/paths';
import { parseEnvFile } from '../../platform/env-file';
import { dashboardExpressions, metricNamesIn, panelsOf, readDashboard } from '../support/grafana-dashboard';
import { SEARCH_ATTRIBUTE_CLI_TYPES, smsTaskQueueFor, TASK_QUEUE } from '../../workflows/contract';

const root = (...parts: string[]) => path.join(PROJECT_ROOT, ...parts);
const read = (file: string) => readFileSync(root(file), 'utf8');

type Dict = Record<string, unknown>;
type Compose = { services: Record<string, Dict>; volumes?: Dict | null } & Dict;

const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

// ---- reading the files the way docker compose does --------------------------------------------

/** YAML 1.1 merge keys (`<<: *anchor`) are part of the Compose format. */
function parseYaml(text: string, file = 'docker-compose.yml'): unknown {
  const doc = parseDocument(text, { merge: true });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
  return doc.toJS({ maxAliasCount: 100 });
}

const VARIABLE = /\$(?:(\$)|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/;

/**
 * Compose's interpolation of one value: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alternative}`, `${VAR+alternative}`. Records every
 * variable named in `seen`.
 */
function interpolateString(value: string, env: Record<string, string>, seen: Set<string>): string {
  return value.replace(VARIABLE, (whole, dollar: string | undefined, braced: string | undefined, bare: string | undefined) => {
    if (dollar) return '$';
    if (bare) {
      seen.add(bare);
      return env[bare] ?? '';
    }
    const m = BRACED.exec(braced ?? '');
    if (!m) throw new Error(`invalid interpolation ${whole}`);
    const [, name, op, arg = ''] = m as unknown as [string, string, string | undefined, string | undefined];
    seen.add(name);
    const set = env[name] !== undefined;
    const nonEmpty = set && env[name] !== '';
    switch (op) {
      case undefined:
        return env[name] ?? '';
      case ':-':
        return nonEmpty ? env[name]! : arg;
      case '-':
        return set ? env[name]! : arg;
      case ':?':
        if (!nonEmpty) throw new Error(`required variable ${name} is missing a value: ${arg}`);
        return env[name]!;
      case '?':
        if (!set) throw new Error(`required variable ${name} is missing a value: ${arg}`);
        return env[name]!;
      case ':+':
        return nonEmpty ? arg : '';
      case '+':
        return set ? arg : '';
      default:
        throw new Error(`invalid interpolation ${whole}`);
    }
  });
}

function interpolate<T>(value: T, env: Record<string, string>, seen: Set<string>): T {
  if (typeof value === 'string') return interpolateString(value, env, seen) as T;
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env, seen)) as T;
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, seen)])) as T;
  return value;
}

const rawCompose = parseYaml(read('docker-compose.yml')) as Compose;
const exampleEnv = parseEnvFile(read('.env.example'));
const interpolatedNames = new Set<string>();
const compose = interpolate(rawCompose, exampleEnv, interpolatedNames);
const services = compose.services;

/** A service's environment as a map (the list form `KEY=value` too). */
function environmentOf(service: Dict): Record<string, string> {
  const env = service.environment;
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const text = String(entry);
        const eq = text.indexOf('=');
        return eq < 0 ? [text, ''] : [text.slice(0, eq), text.slice(eq + 1)];
      }),
    );
  }
  if (isDict(env)) return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
  return {};
}

const commandOf = (service: Dict): string[] => (Array.isArray(service.command) ? service.command.map(String) : typeof service.command === 'string' ? service.command.split(/\s+/) : []);

// ---- the checks ------------------------------------------------------------------------------------

function composeSchemaValidator() {
  const dclintDir = path.dirname(require.resolve('dclint/package.json'));
  const schema = JSON.parse(readFileSync(path.join(dclintDir, 'schemas', 'compose.schema.json'), 'utf8')) as Dict;
  // The schema names draft-07 by its https URL; Ajv knows the meta-schema by its http one.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addMetaSchema({ ...draft7, $id: String(schema.$schema) });
  return ajv.compile(schema);
}
const validateCompose = composeSchemaValidator();

function schemaProblems(doc: unknown): string[] {
  if (validateCompose(doc)) return [];
  return (validateCompose.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

/** Services that run the worker or the API: they read platform/config.ts. */
const APP_ENTRY_POINTS: Record<string, string> = { 'worker/main.ts': 'worker', 'api/main.ts': 'api' };

/**
 * Configuration variables a service leaves unset on purpose, and why. Anything else the schema
 * knows must be in the service's environment.
 */
const INTENTIONALLY_UNSET: Record<'worker' | 'api', Record<string, string>> = {
  worker: {
    API_KEY: 'the worker serves no API',
    API_RATE_LIMIT_PER_MINUTE: 'the worker serves no API',
    API_AUTH_FAILURES_PER_MINUTE: 'the worker serves no API',
    ADMIN_EMAIL: 'the first administrator is made by npm start or `aftercare admin create`',
    PORT: 'the worker serves no API (its metrics port is METRICS_PORT)',
    TWILIO_WEBHOOK_AUTH_TOKEN: 'webhooks arrive at the API',
    CLINICS_FILE: 'clinics are read at enrollment (the API); each workflow carries its snapshot',
    CODEC_KEYS_FILE: 'the compose file passes the key ring inline in CODEC_KEYS',
    CODEC_SERVER_TOKEN: 'the codec server runs as its own service',
    TWILIO_API_BASE_URL: 'points Twilio at a test stand-in; unset means the real Twilio API',
    METRICS_TOKEN: "guards the API's /metrics; the worker's metrics port serves the SDK's metrics only",
  },
  api: {
    DATA_DIR: 'the API keeps no files',
    METRICS_PORT: 'the API has no Temporal worker, hence no SDK metrics',
    METRICS_HOST: 'the API has no Temporal worker, hence no SDK metrics',
    WORKFLOW_BUNDLE_PATH: 'the API runs no workflows',
    SMS_RATE_LIMIT_PER_SECOND: 'the workers send the texts',
    WORKER_MAX_CACHED_WORKFLOWS: 'the API runs no workflows',
    ADMIN_EMAIL: 'the first administrator is made by npm start or `aftercare admin create`',
    CODEC_KEYS_FILE: 'the compose file passes the key ring inline in CODEC_KEYS',
    CODEC_SERVER_TOKEN: 'the codec server runs as its own service',
    TWILIO_API_BASE_URL: 'points Twilio at a test stand-in; unset means the real Twilio API',
  },
};

function appKind(service: Dict): 'worker' | 'api' | undefined {
  const command = commandOf(service);
  for (const [entry, kind] of Object.entries(APP_ENTRY_POINTS)) if (command.includes(entry)) return kind as 'worker' | 'api';
  return undefined;
}

function configCoverageProblems(doc: Compose, variables: readonly string[] = CONFIG_VARIABLES): string[] {
  const problems: string[] = [];
  const known = new Set(variables);
  for (const [name, service] of Object.entries(doc.services)) {
    const kind = appKind(service);
    if (!kind) continue;
    const env = environmentOf(service);
    const unset = INTENTIONALLY_UNSET[kind];
    for (const variable of variables) {
      if (!(variable in env) && !(variable in unset)) problems.push(`${name}: ${variable} is neither set nor listed as intentionally unset`);
      if (variable in env && variable in unset) problems.push(`${name}: ${variable} is set but also listed as intentionally unset`);
    }
    for (const key of Object.keys(env)) if (!known.has(key)) problems.push(`${name}: ${key} is not a variable of platform/config.ts`);
    for (const key of Object.keys(unset)) if (!known.has(key)) problems.push(`${name}: intentionally unset ${key} is not a variable of platform/config.ts`);
  }
  return problems;
}

/** Variables compose itself reads from .env, not the compose file. */
const COMPOSE_OWN_VARIABLES = new Set(['COMPOSE_PROFILES', 'COMPOSE_PROJECT_NAME', 'COMPOSE_FILE']);

function envExampleProblems(interpolated: Set<string>, example: Record<string, string>, required: Set<string>): string[] {
  const problems: string[] = [];
  for (const name of interpolated) if (!(name in example)) problems.push(`.env.example does not mention ${name}`);
  for (const name of Object.keys(example)) {
    if (!interpolated.has(name) && !COMPOSE_OWN_VARIABLES.has(name)) problems.push(`.env.example sets ${name}, which docker-compose.yml never uses`);
  }
  for (const name of required) if (!example[name]) problems.push(`.env.example leaves required ${name} empty`);
  return problems;
}

/** Variables the compose file requires (`${NAME:?...}` / `${NAME?...}`). */
function requiredVariables(text: string): Set<string> {
  return new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?/g)].map((m) => m[1]!));
}

interface Published {
  service: string;
  hostIp: string;
  hostPort: string;
  protocol: string;
}

/** Host ports a service publishes (short and long syntax); container-only ports are skipped. */
function publishedPorts(name: string, service: Dict): Published[] {
  const out: Published[] = [];
  for (const entry of (service.ports as unknown[] | undefined) ?? []) {
    if (isDict(entry)) {
      if (entry.published !== undefined) {
        out.push({ service: name, hostIp: String(entry.host_ip ?? ''), hostPort: String(entry.published), protocol: String(entry.protocol ?? 'tcp') });
      }
      continue;
    }
    const [spec, protocol = 'tcp'] = String(entry).split('/') as [string, string | undefined];
    // [ip:][host:]container, where ip may be [v6]
    const m = /^(?:(\[[^\]]+\]|[^:]+):)??(?:([^:]+):)?([^:]+)$/.exec(spec);
    if (!m) {
      out.push({ service: name, hostIp: '?', hostPort: spec, protocol });
      continue;
    }
    const [, ip = '', host] = m;
    if (host !== undefined) out.push({ service: name, hostIp: ip, hostPort: host, protocol });
  }
  return out;
}

function replicasOf(service: Dict): number {
  const deploy = isDict(service.deploy) ? service.deploy : {};
  return deploy.replicas === undefined ? 1 : Number(deploy.replicas);
}

function portProblems(doc: Compose): string[] {
  const problems: string[] = [];
  const all = Object.entries(doc.services).flatMap(([name, service]) => publishedPorts(name, service));
  const anyIp = (ip: string) => ip === '' || ip === '0.0.0.0' || ip === '[::]' || ip === '::';
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i]!;
      const b = all[j]!;
      if (a.hostPort === b.hostPort && a.protocol === b.protocol && (a.hostIp === b.hostIp || anyIp(a.hostIp) || anyIp(b.hostIp))) {
        problems.push(`host port ${a.hostPort}/${a.protocol} is published by ${a.service} and ${b.service}`);
      }
    }
  }
  for (const p of all) {
    if (!/^\d+$/.test(p.hostPort)) problems.push(`${p.service}: host port "${p.hostPort}" is not one fixed port`);
    if (replicasOf(doc.services[p.service]!) > 1) problems.push(`${p.service}: runs ${replicasOf(doc.services[p.service]!)} replicas, so it cannot publish host port ${p.hostPort}`);
  }
  return problems;
}

/** Images whose releases are numbered major.minor: PostgreSQL 16.15 is an exact release. */
const TWO_PART_VERSIONS = new Set(['postgres']);

const packageVersion = (JSON.parse(read('package.json')) as { version: string }).version;

function imageProblems(doc: Compose, projectVersion: string = packageVersion): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(doc.services)) {
    const image = service.image === undefined ? undefined : String(service.image);
    if (image === undefined) {
      if (service.build === undefined) problems.push(`${name}: neither image nor build`);
      else problems.push(`${name}: builds the project image without naming it (image: smp-aftercare:<version>)`);
      continue;
    }
    if (/@sha256:[0-9a-f]{64}$/.test(image)) continue;
    const lastSlash = image.lastIndexOf('/');
    const colon = image.indexOf(':', lastSlash + 1);
    const tag = colon < 0 ? undefined : image.slice(colon + 1);
    if (!tag) {
      problems.push(`${name}: image ${image} has no tag`);
      continue;
    }
    if (tag === 'latest' || /^(stable|edge|main|master|nightly|dev)$/i.test(tag)) problems.push(`${name}: image ${image} uses a moving tag`);
    if (service.build !== undefined) {
      if (tag !== projectVersion) problems.push(`${name}: the project image is tagged ${tag}, package.json says ${projectVersion}`);
    } else if (!(TWO_PART_VERSIONS.has(image.slice(0, colon)) ? /^\d+\.\d+([.-][\w.-]+)?$/ : /^v?\d+\.\d+\.\d+([.-][\w.-]+)?$/).test(tag)) {
      problems.push(`${name}: image ${image} is not pinned to an exact version (major.minor.patch)`);
    }
  }
  return problems;
}

/** Host paths of bind mounts (short syntax `./src:/dst[:ro]` or long syntax `type: bind`). */
function bindSources(service: Dict): string[] {
  const out: string[] = [];
  for (const v of (service.volumes as unknown[] | undefined) ?? []) {
    if (isDict(v)) {
      if (v.type === 'bind' && typeof v.source === 'string') out.push(v.source);
      continue;
    }
    const source = String(v).split(':')[0]!;
    if (source.startsWith('.') || source.startsWith('/') || source.startsWith('~')) out.push(source);
  }
  return out;
}

function namedVolumes(service: Dict): string[] {
  const out: string[] = [];
  for (const v of (service.volumes as unknown[] | undefined) ?? []) {
    if (isDict(v)) {
      if (v.type === 'volume' && typeof v.source === 'string') out.push(v.source);
      continue;
    }
    const parts = String(v).split(':');
    if (parts.length > 1 && !/^[./~]/.test(parts[0]!)) out.push(parts[0]!);
  }
  return out;
}

function pathProblems(doc: Compose, base: string = PROJECT_ROOT): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(doc.services)) {
    if (service.build !== undefined) {
      const build = isDict(service.build) ? service.build : { context: service.build };
      const context = path.resolve(base, String(build.context ?? '.'));
      const dockerfile = path.resolve(context, String(build.dockerfile ?? 'Dockerfile'));
      if (!existsSync(context) || !statSync(context).isDirectory()) problems.push(`${name}: build context ${String(build.context)} is not a folder`);
      else if (!existsSync(dockerfile)) problems.push(`${name}: Dockerfile ${String(build.dockerfile ?? 'Dockerfile')} does not exist`);
    }
    for (const source of bindSources(service)) {
      if (!existsSync(path.resolve(base, source))) problems.push(`${name}: bind-mounted ${source} does not exist`);
    }
    for (const volume of namedVolumes(service)) {
      if (!isDict(doc.volumes) || !(volume in doc.volumes)) problems.push(`${name}: named volume ${volume} is not declared under volumes:`);
    }
  }
  return problems;
}

/** What the restart policy says about the container's life. */
const isOneShot = (service: Dict) => /^(no|on-failure(:\d+)?)$/.test(String(service.restart ?? 'no'));

function lifecycleProblems(doc: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(doc.services)) {
    if (service.restart === undefined) problems.push(`${name}: no restart policy`);
    const health = isDict(service.healthcheck) ? service.healthcheck : undefined;
    if (!health) problems.push(`${name}: no healthcheck`);
    else if (health.disable === true && !isOneShot(service)) problems.push(`${name}: a long-running service with its healthcheck disabled`);
    else if (health.disable !== true && !Array.isArray(health.test) && typeof health.test !== 'string') problems.push(`${name}: healthcheck without a test`);
    const depends = isDict(service.depends_on) ? service.depends_on : {};
    for (const [dep, spec] of Object.entries(depends)) {
      const target = doc.services[dep];
      const condition = isDict(spec) ? String(spec.condition ?? 'service_started') : 'service_started';
      if (!target) {
        problems.push(`${name}: depends on unknown service ${dep}`);
        continue;
      }
      const targetHealth = isDict(target.healthcheck) ? target.healthcheck : undefined;
      if (condition === 'service_healthy' && (!targetHealth || targetHealth.disable === true)) problems.push(`${name}: waits for ${dep} to be healthy, which has no healthcheck`);
      if (condition === 'service_completed_successfully' && !isOneShot(target)) problems.push(`${name}: waits for ${dep} to complete, but ${dep} is a long-running service`);
      if (target.profiles !== undefined && service.profiles === undefined) problems.push(`${name}: depends on ${dep}, which only runs in profiles ${JSON.stringify(target.profiles)}`);
    }
  }
  return problems;
}

/** The script of the job that makes the application's role and database. */
const APP_DATABASE_SCRIPT = './deploy/postgres/create-app-database.sh';

/**
 * The application database: one DATABASE_URL for the worker, the API and the migrate job, on a
 * role and database of its own (not Temporal's) that a one-shot job makes before the migrate job
 * runs, which the worker and the API wait for. `secrets` are values that must never be on a
 * command line (where `ps` and `docker inspect` show them).
 */
function applicationDatabaseProblems(doc: Compose, secrets: string[]): string[] {
  const problems: string[] = [];
  const entries = Object.entries(doc.services);
  const apps = entries.filter(([, s]) => appKind(s));
  const migrate = entries.find(([, s]) => commandOf(s).join(' ').includes('aftercare.js db migrate'));
  const maker = entries.find(([, s]) => bindSources(s).includes(APP_DATABASE_SCRIPT));
  const waitsFor = (service: Dict, dep: string | undefined) => {
    const spec = dep && isDict(service.depends_on) ? service.depends_on[dep] : undefined;
    return isDict(spec) && spec.condition === 'service_completed_successfully';
  };
  if (!migrate) problems.push('no service runs `aftercare db migrate`');
  if (!maker) problems.push(`no service makes the application role and database (${APP_DATABASE_SCRIPT})`);
  const urls = new Map<string, string>();
  for (const [name, service] of [...apps, ...(migrate ? [migrate] : [])]) {
    const url = environmentOf(service).DATABASE_URL;
    if (!url) {
      problems.push(`${name}: no DATABASE_URL`);
      continue;
    }
    urls.set(name, url);
    const u = new URL(url);
    if (!doc.services[u.hostname]) problems.push(`${name}: DATABASE_URL names host ${u.hostname}, which is no service here`);
    if (u.username === 'temporal' || /^\/temporal(_visibility)?$/.test(u.pathname)) problems.push(`${name}: DATABASE_URL uses Temporal's role or database`);
    if (maker) {
      const made = environmentOf(maker[1]);
      if (u.username !== made.APP_DB_USER || u.pathname !== `/${made.APP_DB_NAME}` || decodeURIComponent(u.password) !== made.AFTERCARE_DB_PASSWORD) {
        problems.push(`${name}: DATABASE_URL is not the role, password and database that ${maker[0]} makes`);
      }
    }
  }
  if (new Set(urls.values()).size > 1) problems.push(`${[...urls.keys()].join(', ')} do not share one DATABASE_URL`);
  for (const [name, service] of apps) if (!waitsFor(service, migrate?.[0])) problems.push(`${name}: does not wait for the migrate job to complete`);
  if (migrate && !waitsFor(migrate[1], maker?.[0])) problems.push(`${migrate[0]}: does not wait for the job that makes the role and database to complete`);
  for (const [name, service] of entries) {
    const line = JSON.stringify([service.command, service.entrypoint, isDict(service.healthcheck) ? service.healthcheck.test : undefined]);
    if (secrets.some((secret) => secret !== '' && line.includes(secret))) problems.push(`${name}: a password is on its command line`);
  }
  return problems;
}

// ---- the monitoring profile -------------------------------------------------------------------------

/** The files the monitoring services are built from, parsed. */
interface MonitoringFiles {
  prometheus: Dict;
  datasources: Dict;
  dashboardProviders: Dict;
  dashboard: Dict;
}

const MONITORING_FILES = {
  prometheus: './deploy/prometheus/prometheus.yml',
  datasources: './deploy/grafana/provisioning/datasources',
  dashboardProviders: './deploy/grafana/provisioning/dashboards',
  dashboards: './deploy/grafana/dashboards',
} as const;

function readMonitoringFiles(): MonitoringFiles {
  return {
    prometheus: parseYaml(read('deploy/prometheus/prometheus.yml'), 'prometheus.yml') as Dict,
    datasources: parseYaml(read('deploy/grafana/provisioning/datasources/prometheus.yml'), 'datasources/prometheus.yml') as Dict,
    dashboardProviders: parseYaml(read('deploy/grafana/provisioning/dashboards/aftercare.yml'), 'dashboards/aftercare.yml') as Dict,
    dashboard: readDashboard(),
  };
}

/** Where a service mounts a host path (short syntax), or undefined. */
const mountTarget = (service: Dict | undefined, source: string) =>
  ((service?.volumes as unknown[] | undefined) ?? []).map(String).find((v) => v.split(':')[0] === source)?.split(':')[1];

/**
 * The monitoring profile: Prometheus and Grafana run only in it, each mounts the file it is
 * configured to read, Prometheus scrapes the API (with the METRICS_TOKEN secret) and every worker
 * replica on the ports they serve, and Grafana's datasource, dashboard folder and dashboard agree.
 */
function monitoringProblems(doc: Compose, files: MonitoringFiles): string[] {
  const problems: string[] = [];
  const { prometheus, grafana, api, worker } = doc.services;
  for (const [name, service] of [['prometheus', prometheus], ['grafana', grafana]] as const) {
    if (!service) problems.push(`no ${name} service`);
    else if (JSON.stringify(service.profiles) !== '["monitoring"]') problems.push(`${name}: not in exactly the monitoring profile`);
  }
  if (!prometheus || !grafana) return problems;

  const configFile = commandOf(prometheus).find((a) => a.startsWith('--config.file='))?.split('=')[1];
  if (!configFile || mountTarget(prometheus, MONITORING_FILES.prometheus) !== configFile) problems.push(`prometheus: ${MONITORING_FILES.prometheus} is not mounted where --config.file reads`);
  const jobs = (files.prometheus.scrape_configs as Dict[] | undefined) ?? [];
  const apiJob = jobs.find((j) => ((j.static_configs as Dict[] | undefined) ?? []).some((c) => (c.targets as string[]).includes(`api:${environmentOf(api ?? {}).PORT}`)));
  if (!apiJob) problems.push('prometheus.yml: no job scrapes the API on its PORT');
  else {
    const credentials = String((apiJob.authorization as Dict | undefined)?.credentials_file ?? '');
    const secret = credentials.replace(/^\/run\/secrets\//, '');
    const declared = isDict(doc.secrets) ? (doc.secrets[secret] as Dict | undefined) : undefined;
    if (!credentials.startsWith('/run/secrets/') || !((prometheus.secrets as string[] | undefined) ?? []).includes(secret) || declared?.environment !== 'METRICS_TOKEN') {
      problems.push('prometheus.yml: the API job does not send METRICS_TOKEN from a secret prometheus has');
    }
    if (!environmentOf(api ?? {}).METRICS_TOKEN) problems.push('api: no METRICS_TOKEN, so /metrics is open');
  }
  const workerEnv = environmentOf(worker ?? {});
  const workerJob = jobs.find((j) => ((j.dns_sd_configs as Dict[] | undefined) ?? []).some((c) => (c.names as string[]).includes('worker') && String(c.port) === workerEnv.METRICS_PORT));
  if (!workerJob) problems.push("prometheus.yml: no job scrapes every worker replica on METRICS_PORT");
  if (workerEnv.METRICS_HOST !== '0.0.0.0') problems.push('worker: its metrics do not listen on the compose network');

  const providers = (files.dashboardProviders.providers as Dict[] | undefined) ?? [];
  if (mountTarget(grafana, MONITORING_FILES.datasources) !== '/etc/grafana/provisioning/datasources') problems.push(`grafana: ${MONITORING_FILES.datasources} is not mounted where Grafana provisions datasources`);
  if (mountTarget(grafana, MONITORING_FILES.dashboardProviders) !== '/etc/grafana/provisioning/dashboards') problems.push(`grafana: ${MONITORING_FILES.dashboardProviders} is not mounted where Grafana provisions dashboards`);
  const dashboardsAt = mountTarget(grafana, MONITORING_FILES.dashboards);
  if (!dashboardsAt || !providers.some((p) => (p.options as Dict | undefined)?.path === dashboardsAt)) problems.push(`grafana: ${MONITORING_FILES.dashboards} is not mounted where the dashboard provider reads`);

  const sources = (files.datasources.datasources as Dict[] | undefined) ?? [];
  const source = sources.find((d) => d.type === 'prometheus');
  const url = source ? new URL(String(source.url)) : undefined;
  if (!url || url.hostname !== 'prometheus' || url.port !== '9090') problems.push('grafana datasource: not the prometheus service on 9090');
  if (!isDict(grafana.depends_on) || (grafana.depends_on.prometheus as Dict | undefined)?.condition !== 'service_healthy') problems.push('grafana: does not wait for prometheus to be healthy');

  const ids = new Set<unknown>();
  for (const panel of panelsOf(files.dashboard)) {
    if (ids.has(panel.id)) problems.push(`dashboard: panel id ${String(panel.id)} twice`);
    ids.add(panel.id);
    if (panel.type === 'row') continue;
    const targets = (panel.targets as Dict[] | undefined) ?? [];
    if (targets.length === 0 || targets.some((t) => !String(t.expr ?? '').trim())) problems.push(`dashboard: panel "${String(panel.title)}" queries nothing`);
    for (const ds of [panel.datasource, ...targets.map((t) => t.datasource)]) {
      if ((ds as Dict | undefined)?.uid !== source?.uid) problems.push(`dashboard: panel "${String(panel.title)}" uses datasource ${JSON.stringify((ds as Dict | undefined)?.uid)}, not the provisioned ${JSON.stringify(source?.uid)}`);
    }
  }
  return [...new Set(problems)];
}

// ---- the Dockerfile -------------------------------------------------------------------------------

interface Stage {
  from: string;
  name: string | undefined;
  lines: string[];
}

function dockerfileStages(text: string): { args: Record<string, string>; stages: Stage[] } {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const image = from[1]!.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => args[(a ?? b)!] ?? '');
      stages.push({ from: image, name: from[2], lines: [] });
      continue;
    }
    const arg = /^ARG\s+(\w+)=(\S+)/i.exec(line);
    if (arg && stages.length === 0) args[arg[1]!] = arg[2]!;
    stages.at(-1)?.lines.push(line);
  }
  return { args, stages };
}

/** Patterns of .dockerignore, for "is this path sent to the build?" (top-level names only). */
function dockerIgnored(file: string): boolean {
  const patterns = read('.dockerignore')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
  const top = file.replace(/^\.\//, '').split('/')[0]!;
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    return re.test(top) || re.test(file);
  });
}

// ---- tests ------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema, after interpolation with .env.example', () => {
    expect(schemaProblems(compose)).toEqual([]);
    expect(Object.keys(services).sort()).toEqual(
      ['api', 'app-database', 'codec-server', 'grafana', 'mailpit', 'migrate', 'postgresql', 'prometheus', 'temporal', 'temporal-cli', 'temporal-schema', 'temporal-setup', 'temporal-ui', 'worker'].sort(),
    );
  });

  it('the schema check rejects broken files', () => {
    const typo = clone(compose);
    typo.services.worker!.imagee = 'x:1.0.0';
    expect(schemaProblems(typo).join('\n')).toMatch(/\/services\/worker .*additional properties.*imagee/);

    const badCondition = clone(compose);
    (badCondition.services.worker!.depends_on as Dict)['temporal-setup'] = { condition: 'service_done' };
    expect(schemaProblems(badCondition).join('\n')).toMatch(/depends_on/);

    const badRestart = clone(compose);
    badRestart.services.api!.restart = 42;
    expect(schemaProblems(badRestart).join('\n')).toMatch(/\/services\/api\/restart/);

    const unknownTop = clone(compose) as Dict;
    unknownTop.service = {};
    expect(schemaProblems(unknownTop).join('\n')).toMatch(/additional properties.*"service"/);

    expect(() => parseYaml('services:\n  a:\n    image: [unclosed\n')).toThrow(/docker-compose.yml/);
  });

  it('interpolates like docker compose: defaults, required values and $$', () => {
    const seen = new Set<string>();
    const env = { SET: 'v', EMPTY: '' };
    expect(interpolateString('${SET:-d} ${EMPTY:-d} ${EMPTY-d} ${UNSET-d} $SET $$HOME ${SET:+alt} ${EMPTY+alt}', env, seen)).toBe('v d  d v $HOME alt alt');
    expect(() => interpolateString('${EMPTY:?set EMPTY}', env, seen)).toThrow(/required variable EMPTY.*set EMPTY/);
    expect(() => interpolateString('${UNSET?x}', env, seen)).toThrow(/required variable UNSET/);
    expect(() => interpolateString('${not valid}', env, seen)).toThrow(/invalid interpolation/);
    expect([...seen].sort()).toEqual(['EMPTY', 'SET', 'UNSET']);
  });

  describe('the worker and the API cover the configuration schema', () => {
    it('names every variable of platform/config.ts, or lists it as intentionally unset', () => {
      expect(CONFIG_VARIABLES.length).toBeGreaterThan(20);
      expect(Object.values(services).map(appKind).filter(Boolean).sort()).toEqual(['api', 'worker']);
      expect(configCoverageProblems(compose)).toEqual([]);
    });

    it('notices a new variable, a dropped one and a typo', () => {
      expect(configCoverageProblems(compose, [...CONFIG_VARIABLES, 'NEW_SETTING'])).toEqual([
        'worker: NEW_SETTING is neither set nor listed as intentionally unset',
        'api: NEW_SETTING is neither set nor listed as intentionally unset',
      ]);
      const dropped = clone(compose);
      delete (dropped.services.worker!.environment as Dict).SMTP_URL;
      expect(configCoverageProblems(dropped)).toEqual(['worker: SMTP_URL is neither set nor listed as intentionally unset']);
      const typo = clone(compose);
      (typo.services.api!.environment as Dict).TEMPORAL_ADRESS = 'x:1';
      expect(configCoverageProblems(typo)).toEqual(['api: TEMPORAL_ADRESS is not a variable of platform/config.ts']);
    });

    it.each(['worker', 'api'])('%s: the example environment passes loadConfig()', (name) => {
      const service = services[name]!;
      const env = environmentOf(service);
      const dir = mkdtempSync(path.join(tmpdir(), 'compose-env-'));
      // Paths inside the container: the bundle is built into the image; the clinics file is mounted.
      if (env.WORKFLOW_BUNDLE_PATH) {
        expect(read('Dockerfile')).toContain(`COPY --from=bundle /app/dist/workflow-bundle.js ./dist/workflow-bundle.js`);
        expect(env.WORKFLOW_BUNDLE_PATH).toBe('/app/dist/workflow-bundle.js');
        env.WORKFLOW_BUNDLE_PATH = path.join(dir, 'workflow-bundle.js');
        writeFileSync(env.WORKFLOW_BUNDLE_PATH, '');
      }
      if (env.CLINICS_FILE) {
        const mount = ((service.volumes as string[] | undefined) ?? []).find((v) => v.split(':')[1] === env.CLINICS_FILE);
        expect(mount).toBeDefined();
        env.CLINICS_FILE = path.resolve(PROJECT_ROOT, mount!.split(':')[0]!);
      }
      const config = loadConfig(env, dir);
      expect(config.TEMPORAL_ADDRESS).toBe('temporal:7233');
      expect(config.CODEC_KEYS).toBeTruthy();
      if (name === 'api') {
        // startApi() refuses to run without these.
        expect(config.API_KEY).toBeTruthy();
        expect(config.PHONE_HASH_KEY).toBeTruthy();
        expect(config.PUBLIC_BASE_URL).toBe('http://localhost:3000');
      }
    });
  });

  it('.env.example mentions every variable the compose file interpolates, and fills the required ones', () => {
    const required = requiredVariables(read('docker-compose.yml'));
    expect([...required].sort()).toEqual([
      'AFTERCARE_DB_PASSWORD',
      'API_KEY',
      'CODEC_KEYS',
      'CODEC_KEY_ID',
      'CODEC_OIDC_AUDIENCE',
      'CODEC_PUBLIC_URL',
      'CODEC_SERVER_TOKEN',
      'GRAFANA_ADMIN_PASSWORD',
      'METRICS_TOKEN',
      'PHONE_HASH_KEY',
      'POSTGRES_PASSWORD',
      'PUBLIC_BASE_URL',
      'TEMPORAL_UI_OIDC_CLIENT_ID',
      'TEMPORAL_UI_OIDC_CLIENT_SECRET',
      'TEMPORAL_UI_OIDC_ISSUER',
      'TEMPORAL_UI_PUBLIC_URL',
    ]);
    expect(envExampleProblems(interpolatedNames, exampleEnv, required)).toEqual([]);

    const { API_KEY: _dropped, ...missing } = exampleEnv;
    expect(envExampleProblems(interpolatedNames, { ...missing, STALE: '1' }, required)).toEqual([
      '.env.example does not mention API_KEY',
      '.env.example sets STALE, which docker-compose.yml never uses',
      '.env.example leaves required API_KEY empty',
    ]);
    expect(() => interpolate(rawCompose, { ...exampleEnv, POSTGRES_PASSWORD: '' }, new Set())).toThrow(/POSTGRES_PASSWORD/);
  });

  it('publishes no host port twice, only on 127.0.0.1, and none from a replicated service', () => {
    expect(portProblems(compose)).toEqual([]);
    const published = Object.entries(services).flatMap(([name, s]) => publishedPorts(name, s));
    expect(published.map((p) => `${p.service} ${p.hostIp}:${p.hostPort}`).sort()).toEqual([
      'api 127.0.0.1:3000',
      'codec-server 127.0.0.1:8234',
      'grafana 127.0.0.1:3001',
      'mailpit 127.0.0.1:8025',
      'prometheus 127.0.0.1:9090',
      'temporal 127.0.0.1:7233',
      'temporal-ui 127.0.0.1:8080',
    ]);

    const clash = clone(compose);
    clash.services.mailpit!.ports = ['3000:8025'];
    expect(portProblems(clash)).toEqual(['host port 3000/tcp is published by api and mailpit']);
    const longSyntax = clone(compose);
    longSyntax.services['temporal-ui']!.ports = [{ target: 8080, published: '8234', host_ip: '127.0.0.1' }];
    expect(portProblems(longSyntax)).toEqual(['host port 8234/tcp is published by temporal-ui and codec-server']);
    const replicated = clone(compose);
    replicated.services.worker!.ports = ['9464:9464'];
    expect(portProblems(replicated)).toEqual(['worker: runs 2 replicas, so it cannot publish host port 9464']);
  });

  it('pins every image to an exact version, and the project image to package.json', () => {
    expect(imageProblems(compose)).toEqual([]);
    for (const name of ['worker', 'api', 'codec-server']) expect(services[name]!.image).toBe(`smp-aftercare:${packageVersion}`);

    const broken = clone(compose);
    broken.services.postgresql!.image = 'postgres';
    broken.services['temporal-schema']!.image = 'postgres:16-alpine';
    broken.services.temporal!.image = 'temporalio/server:latest';
    broken.services['temporal-ui']!.image = 'temporalio/ui:2';
    broken.services.mailpit!.image = 'localhost:5000/mailpit';
    broken.services.api!.image = 'smp-aftercare:9.9.9';
    expect(imageProblems(broken)).toEqual([
      'postgresql: image postgres has no tag',
      'temporal-schema: image postgres:16-alpine is not pinned to an exact version (major.minor.patch)',
      'temporal: image temporalio/server:latest uses a moving tag',
      'temporal: image temporalio/server:latest is not pinned to an exact version (major.minor.patch)',
      'temporal-ui: image temporalio/ui:2 is not pinned to an exact version (major.minor.patch)',
      `api: the project image is tagged 9.9.9, package.json says ${packageVersion}`,
      'mailpit: image localhost:5000/mailpit has no tag',
    ]);
  });

  it('finds every build context, Dockerfile, bind-mounted file and named volume', () => {
    expect(pathProblems(compose)).toEqual([]);
    const broken = clone(compose);
    broken.services.worker!.build = { context: '.', dockerfile: 'Dockerfile.missing' };
    broken.services.api!.build = './no-such-folder';
    (broken.services.temporal!.volumes as string[]).push('./deploy/temporal/missing.yaml:/etc/x.yaml:ro');
    (broken.services.mailpit!.volumes as string[]).push('undeclared-volume:/more');
    expect(pathProblems(broken)).toEqual([
      'temporal: bind-mounted ./deploy/temporal/missing.yaml does not exist',
      'worker: Dockerfile Dockerfile.missing does not exist',
      'api: build context ./no-such-folder is not a folder',
      'mailpit: named volume undeclared-volume is not declared under volumes:',
    ]);
  });

  it('gives every service a restart policy and a healthcheck, and waits only on what can be waited on', () => {
    expect(lifecycleProblems(compose)).toEqual([]);
    const broken = clone(compose);
    delete broken.services.api!.restart;
    broken.services.worker!.healthcheck = { disable: true };
    (broken.services.api!.depends_on as Dict).worker = { condition: 'service_completed_successfully' };
    delete broken.services.postgresql!.healthcheck;
    expect(lifecycleProblems(broken)).toEqual([
      'postgresql: no healthcheck',
      'temporal-schema: waits for postgresql to be healthy, which has no healthcheck',
      'app-database: waits for postgresql to be healthy, which has no healthcheck',
      'worker: a long-running service with its healthcheck disabled',
      'api: no restart policy',
      'api: waits for worker to complete, but worker is a long-running service',
    ]);
  });

  it('runs two workers that share the send records, and probes each app on the port it serves', () => {
    const worker = services.worker!;
    expect(replicasOf(worker)).toBe(2);
    const env = environmentOf(worker);
    // Both replicas see one dedupe store: the application database on the postgresql service, not
    // a file; the volume at DATA_DIR holds only the SMS outbox.
    expect(new URL(env.DATABASE_URL!).host).toBe('postgresql:5432');
    expect(namedVolumes(worker).map((v) => `${v}:${env.DATA_DIR}`)).toEqual([`aftercare-data:${env.DATA_DIR}`]);
    expect(JSON.stringify((worker.healthcheck as Dict).test)).toContain(`http://127.0.0.1:${env.METRICS_PORT}/metrics`);
    const api = services.api!;
    const apiEnv = environmentOf(api);
    expect(JSON.stringify((api.healthcheck as Dict).test)).toContain(`http://127.0.0.1:${apiEnv.PORT}/`);
    expect(publishedPorts('api', api).length).toBe(1);
    expect(String((api.ports as string[])[0])).toMatch(new RegExp(`:${apiEnv.PORT}$`));
    const codec = environmentOf(services['codec-server']!);
    expect(JSON.stringify((services['codec-server']!.healthcheck as Dict).test)).toContain(`http://127.0.0.1:${codec.CODEC_SERVER_PORT}/decode`);
    // The Web UI signs its users in (OIDC) and passes their access token to the codec server over
    // https; the codec server checks it against the same issuer. No token in any URL.
    const ui = environmentOf(services['temporal-ui']!);
    expect(ui).toMatchObject({
      TEMPORAL_AUTH_ENABLED: 'true',
      TEMPORAL_AUTH_PROVIDER_URL: exampleEnv.TEMPORAL_UI_OIDC_ISSUER,
      TEMPORAL_AUTH_CLIENT_ID: exampleEnv.TEMPORAL_UI_OIDC_CLIENT_ID,
      TEMPORAL_AUTH_CALLBACK_URL: `${exampleEnv.TEMPORAL_UI_PUBLIC_URL}/auth/sso/callback`,
      TEMPORAL_CODEC_PASS_ACCESS_TOKEN: 'true',
    });
    expect(ui.TEMPORAL_CODEC_ENDPOINT).toMatch(/^https:\/\//);
    expect(codec.CODEC_OIDC_ISSUER).toBe(ui.TEMPORAL_AUTH_ISSUER_URL);
    expect(codec.CODEC_OIDC_AUDIENCE).toBeTruthy();
    expect(codec.CODEC_CORS_ORIGINS?.split(',')).toEqual([exampleEnv.TEMPORAL_UI_PUBLIC_URL]);
    expect(codec.CODEC_SERVER_PATH_TOKEN).toBeUndefined();
    expect(codecServerOptionsFromEnv(codec).token).toEqual(expect.any(Function));
    for (const service of Object.values(services)) {
      for (const value of Object.values(environmentOf(service))) expect(value).not.toContain(`/${exampleEnv.CODEC_SERVER_TOKEN}`);
    }
    // Secrets come from .env: the file itself names none.
    const file = read('docker-compose.yml');
    for (const secret of [exampleEnv.TEMPORAL_UI_OIDC_CLIENT_SECRET!, exampleEnv.CODEC_SERVER_TOKEN!]) expect(file).not.toContain(secret);
    // Every file a container runs from the project image is in the repository and in the build context.
    for (const s of Object.values(services).filter((s) => s.build !== undefined)) {
      const files = [...commandOf(s), ...((isDict(s.healthcheck) && Array.isArray(s.healthcheck.test) ? s.healthcheck.test : []) as string[])].filter((a) => /^[\w-]+\/[\w./-]+\.(ts|cjs|js)$/.test(a));
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        expect(existsSync(root(file))).toBe(true);
        expect(dockerIgnored(file)).toBe(false);
      }
    }
    // The staging mail catcher is where the example environment sends mail.
    expect(services.mailpit!.profiles).toEqual(['staging']);
    expect(environmentOf(worker).SMTP_URL).toBe('smtp://mailpit:1025');
    expect(exampleEnv.COMPOSE_PROFILES!.split(',')).toContain('staging');
  });

  it('registers exactly the search attributes the workflow sets', () => {
    const setup = services['temporal-setup']!;
    const declared = environmentOf(setup).SEARCH_ATTRIBUTES!.trim().split(/\s+/).sort();
    expect(declared).toEqual(Object.entries(SEARCH_ATTRIBUTE_CLI_TYPES).map(([k, v]) => `${k}=${v}`).sort());
    expect(commandOf(setup).concat((setup.entrypoint as string[]) ?? []).join(' ')).toContain('/opt/aftercare/setup-namespace.sh');
    expect(bindSources(setup)).toEqual(['./deploy/temporal/setup-namespace.sh']);
    // The one-shot scripts the admin-tools containers run parse as POSIX sh (busybox ash there).
    for (const script of ['deploy/temporal/setup-schema.sh', 'deploy/temporal/setup-namespace.sh']) {
      const check = spawnSync('sh', ['-n', root(script)], { encoding: 'utf8' });
      expect([script, check.status, check.stderr]).toEqual([script, 0, '']);
    }
    // The server, its schema job and the setup job use one Temporal release.
    const tags = ['temporal', 'temporal-schema', 'temporal-setup', 'temporal-cli'].map((s) => String(services[s]!.image).split(':')[1]);
    expect(new Set(tags).size).toBe(1);
  });
});

describe('docker-compose.yml: the application database', () => {
  const secrets = [exampleEnv.POSTGRES_PASSWORD!, exampleEnv.AFTERCARE_DB_PASSWORD!];

  it('gives the application its own role and database, made and migrated before the worker and the API start', () => {
    expect(applicationDatabaseProblems(compose, secrets)).toEqual([]);
    const { DATABASE_URL: url } = environmentOf(services.api!);
    expect(url).toBe(`postgres://aftercare:${exampleEnv.AFTERCARE_DB_PASSWORD}@postgresql:5432/aftercare`);
    // The password comes from .env, interpolated into the environment, and nowhere else.
    expect(read('docker-compose.yml')).toContain('postgres://aftercare:${AFTERCARE_DB_PASSWORD:?');
    expect(commandOf(services.migrate!)).toEqual(['node', 'bin/aftercare.js', 'db', 'migrate']);
    expect(bindSources(services['app-database']!)).toEqual([APP_DATABASE_SCRIPT]);
    // The job connects as the server's superuser and reads the new role's password from its environment.
    const job = environmentOf(services['app-database']!);
    expect(job).toMatchObject({ PGHOST: 'postgresql', PGUSER: 'temporal', PGPASSWORD: exampleEnv.POSTGRES_PASSWORD });
    const script = read(APP_DATABASE_SCRIPT);
    expect(script).toContain('\\getenv app_password AFTERCARE_DB_PASSWORD');
    expect(script).not.toMatch(/psql[^\n]*(-v|--set|--variable)[^\n]*PASSWORD/);
    const check = spawnSync('sh', ['-n', root(APP_DATABASE_SCRIPT)], { encoding: 'utf8' });
    expect([check.status, check.stderr]).toEqual([0, '']);
  });

  it('notices a missing wait, a shared Temporal database, diverging URLs and a password on a command line', () => {
    const noWait = clone(compose);
    delete (noWait.services.api!.depends_on as Dict).migrate;
    expect(applicationDatabaseProblems(noWait, secrets)).toEqual(['api: does not wait for the migrate job to complete']);

    const temporalDb = clone(compose);
    for (const name of ['worker', 'api', 'migrate']) {
      (temporalDb.services[name]!.environment as Dict).DATABASE_URL = `postgres://temporal:${exampleEnv.POSTGRES_PASSWORD}@postgresql:5432/temporal`;
    }
    expect(applicationDatabaseProblems(temporalDb, secrets)).toEqual(
      ['worker', 'api', 'migrate'].flatMap((name) => [`${name}: DATABASE_URL uses Temporal's role or database`, `${name}: DATABASE_URL is not the role, password and database that app-database makes`]),
    );

    const diverging = clone(compose);
    (diverging.services.worker!.environment as Dict).DATABASE_URL = `postgres://aftercare:${exampleEnv.AFTERCARE_DB_PASSWORD}@db-elsewhere:5432/aftercare`;
    expect(applicationDatabaseProblems(diverging, secrets)).toEqual([
      'worker: DATABASE_URL names host db-elsewhere, which is no service here',
      'worker, api, migrate do not share one DATABASE_URL',
    ]);

    const onCommandLine = clone(compose);
    onCommandLine.services['app-database']!.entrypoint = ['psql', '-c', `alter role aftercare password '${exampleEnv.AFTERCARE_DB_PASSWORD}'`];
    expect(applicationDatabaseProblems(onCommandLine, secrets)).toEqual(['app-database: a password is on its command line']);

    const noJobs = clone(compose);
    delete noJobs.services.migrate;
    delete noJobs.services['app-database'];
    delete (noJobs.services.worker!.depends_on as Dict).migrate;
    expect(applicationDatabaseProblems(noJobs, secrets)).toEqual([
      'no service runs `aftercare db migrate`',
      `no service makes the application role and database (${APP_DATABASE_SCRIPT})`,
      'worker: does not wait for the migrate job to complete',
      'api: does not wait for the migrate job to complete',
    ]);
  });
});

describe('docker-compose.yml: the monitoring profile (Prometheus and Grafana)', () => {
  const files = readMonitoringFiles();

  it('runs Prometheus and Grafana in the monitoring profile only, each on the files it reads, scraping the API with its token and every worker', () => {
    expect(monitoringProblems(compose, files)).toEqual([]);
    expect(exampleEnv.COMPOSE_PROFILES!.split(',')).not.toContain('monitoring');
    // The token and the password come from .env only.
    const file = read('docker-compose.yml');
    for (const secret of [exampleEnv.METRICS_TOKEN!, exampleEnv.GRAFANA_ADMIN_PASSWORD!]) expect(file).not.toContain(secret);
    expect(read('deploy/prometheus/prometheus.yml')).not.toContain(exampleEnv.METRICS_TOKEN!);
    expect(environmentOf(services.grafana!).GF_SECURITY_ADMIN_PASSWORD).toBe(exampleEnv.GRAFANA_ADMIN_PASSWORD);
  });

  it('notices a service outside the profile, a mount that misses, a scrape of the wrong port, a token that is not sent and a dashboard on another datasource', () => {
    const outside = clone(compose);
    delete outside.services.grafana!.profiles;
    expect(monitoringProblems(outside, files)).toEqual(['grafana: not in exactly the monitoring profile']);

    const mounts = clone(compose);
    mounts.services.prometheus!.volumes = ['./deploy/prometheus/prometheus.yml:/etc/prometheus/other.yml:ro'];
    mounts.services.grafana!.volumes = (mounts.services.grafana!.volumes as string[]).filter((v) => !v.startsWith('./deploy/grafana/dashboards:'));
    expect(monitoringProblems(mounts, files)).toEqual([
      'prometheus: ./deploy/prometheus/prometheus.yml is not mounted where --config.file reads',
      'grafana: ./deploy/grafana/dashboards is not mounted where the dashboard provider reads',
    ]);

    const ports = clone(compose);
    (ports.services.api!.environment as Dict).PORT = '8080';
    (ports.services.worker!.environment as Dict).METRICS_PORT = '9100';
    expect(monitoringProblems(ports, files)).toEqual(['prometheus.yml: no job scrapes the API on its PORT', 'prometheus.yml: no job scrapes every worker replica on METRICS_PORT']);

    const noToken = clone(compose);
    noToken.services.prometheus!.secrets = [];
    delete (noToken.services.api!.environment as Dict).METRICS_TOKEN;
    expect(monitoringProblems(noToken, files)).toEqual(['prometheus.yml: the API job does not send METRICS_TOKEN from a secret prometheus has', 'api: no METRICS_TOKEN, so /metrics is open']);

    const dashboard = clone(files.dashboard);
    const panel = panelsOf(dashboard).find((p) => p.type !== 'row')!;
    panel.datasource = { type: 'prometheus', uid: 'elsewhere' };
    (panel.targets as Dict[])[0]!.expr = '';
    expect(monitoringProblems(compose, { ...files, dashboard })).toEqual([
      `dashboard: panel "${String(panel.title)}" queries nothing`,
      `dashboard: panel "${String(panel.title)}" uses datasource "elsewhere", not the provisioned "prometheus"`,
    ]);
  });

  it("queries only worker metrics the Temporal SDK's core defines (the API's are checked against a real /metrics in test/e2e/numbers.test.ts)", () => {
    const names = metricNamesIn(dashboardExpressions(files.dashboard));
    const temporal = names.filter((n) => n.startsWith('temporal_'));
    expect(temporal.length).toBeGreaterThan(3);
    expect(names.some((n) => n.startsWith('aftercare_'))).toBe(true);
    // The SDK's core names its metrics without the `temporal_` prefix the worker's exporter adds;
    // histograms get _bucket, _sum and _count.
    const releases = path.join(path.dirname(require.resolve('@temporalio/core-bridge/package.json')), 'releases');
    const binary = readFileSync(path.join(releases, readdirSync(releases).find((d) => existsSync(path.join(releases, d, 'index.node')))!, 'index.node')).toString('latin1');
    const unknown = temporal.map((n) => n.replace(/^temporal_/, '').replace(/_(bucket|sum|count)$/, '')).filter((n) => !binary.includes(n));
    expect(unknown).toEqual([]);
    expect(binary.includes('no_such_metric_name_at_all')).toBe(false);
  });
});

describe('deploy/temporal/dynamicconfig.yaml', () => {
  it('gives every task queue one partition, so each clinic\'s text rate is one bucket', () => {
    const temporal = services.temporal!;
    const mount = ((temporal.volumes as string[] | undefined) ?? []).find((v) => v.split(':')[1] === environmentOf(temporal).DYNAMIC_CONFIG_FILE_PATH);
    expect(mount?.split(':')[0]).toBe('./deploy/temporal/dynamicconfig.yaml');
    const config = parseYaml(read('deploy/temporal/dynamicconfig.yaml'), 'dynamicconfig.yaml') as Record<string, { value: unknown; constraints?: Dict }[]>;
    for (const key of ['matching.numTaskqueueReadPartitions', 'matching.numTaskqueueWritePartitions']) {
      // No taskQueueName constraint: clinics' queues (aftercare-sms-<clinicId>) come and go at run time.
      expect([key, config[key]]).toEqual([key, [{ value: 1, constraints: {} }]]);
    }
  });
});

describe('Dockerfile', () => {
  const { stages } = dockerfileStages(read('Dockerfile'));
  const runtime = stages.at(-1)!;

  it('is multi-stage on a pinned Node 20 image, runtime stage installs production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:20\.\d+\.\d+-[a-z]+(-slim)?$/);
    expect(runtime.lines.some((l) => /^RUN npm ci --omit=dev\b/.test(l))).toBe(true);
    expect(runtime.lines.join('\n')).not.toMatch(/npm (install|i)\b/);
  });

  it('runs as a non-root user with a prebuilt workflow bundle', () => {
    const user = runtime.lines.filter((l) => /^USER\s/i.test(l)).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|\s|$)/i);
    const bundle = stages.find((s) => s.lines.some((l) => l.includes('npm run build:workflows')));
    expect(bundle?.name).toBe('bundle');
    expect(runtime.lines).toContain('COPY --from=bundle /app/dist/workflow-bundle.js ./dist/workflow-bundle.js');
    expect(runtime.lines.join('\n')).toContain('WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js');
    expect(JSON.parse(read('package.json')).dependencies.tsx).toBeDefined();
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const sources = stages.flatMap((s) =>
      s.lines
        .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
        .flatMap((l) => l.replace(/^COPY\s+(--\S+\s+)*/i, '').split(/\s+/).slice(0, -1)),
    );
    expect(sources).toContain('package-lock.json');
    for (const source of sources.filter((s) => s !== '.')) {
      expect([source, existsSync(root(source))]).toEqual([source, true]);
      expect([source, dockerIgnored(source)]).toEqual([source, false]);
    }
    // Secrets and local state never reach the build context.
    for (const secret of ['.env', '.env.local', '.data', 'node_modules', '.git']) expect([secret, dockerIgnored(secret)]).toEqual([secret, true]);
  });
});

/** Top-level folders of the project that `entries` reach through relative imports. */
function foldersReachedFrom(entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      const found = [`${target}.ts`, path.join(target, 'index.ts'), target].find((c) => existsSync(c) && statSync(c).isFile());
      if (found) visit(found);
    }
  };
  for (const entry of entries) visit(root(entry));
  return [...new Set([...seen].map((f) => path.relative(PROJECT_ROOT, f).split(path.sep)[0]!))].sort();
}

describe('Dockerfile: the bundle stage', () => {
  const bundle = dockerfileStages(read('Dockerfile')).stages.find((s) => s.name === 'bundle')!;
  const copied = bundle.lines.filter((l) => /^COPY\s/i.test(l)).map((l) => l.split(/\s+/)[1]!);

  it('copies every folder the workflow bundle is built from', () => {
    const needed = foldersReachedFrom(['worker/build-bundle.ts', 'workflows/index.ts']);
    expect(needed).toEqual(expect.arrayContaining(['domain', 'workflows', 'worker']));
    expect(needed.filter((folder) => !copied.includes(folder))).toEqual([]);
  });
});

describe('deploy/healthcheck.cjs', () => {
  let server: http.Server;
  let base: string;
  const seen: { method: string; url: string; auth?: string; body: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body });
        if (req.url === '/fail') res.writeHead(503).end('down');
        else res.writeHead(200).end('temporal_worker_start 1\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [root('deploy', 'healthcheck.cjs'), ...args], { env: { PATH: process.env.PATH, ...env } });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });

  it('exits 0 on a 2xx answer that holds the expected text, 1 otherwise', async () => {
    expect((await run([`${base}/metrics`, '--contains', 'temporal_worker_start'])).code).toBe(0);
    expect(await run([`${base}/metrics`, '--contains', 'temporal_num_pollers'])).toMatchObject({ code: 1, stderr: expect.stringContaining('lacks') });
    expect(await run([`${base}/fail`])).toMatchObject({ code: 1, stderr: expect.stringContaining('HTTP 503') });
    expect((await run(['http://127.0.0.1:1/'])).code).toBe(1);
    expect((await run([])).code).toBe(2);
  });

  it('posts JSON with the bearer token named by --bearer-env', async () => {
    seen.length = 0;
    const result = await run([`${base}/decode`, '--post-json', '{"payloads":[]}', '--bearer-env', 'TOKEN'], { TOKEN: 'sixteen-chars-token' });
    expect(result.code).toBe(0);
    expect(seen).toEqual([{ method: 'POST', url: '/decode', auth: 'Bearer sixteen-chars-token', body: '{"payloads":[]}' }]);
    expect((await run([`${base}/decode`, '--bearer-env', 'TOKEN'])).code).toBe(1);
  });
});
