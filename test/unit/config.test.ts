import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONFIG_VARIABLES, dataPaths, loadConfig, twilioSettings } from '../../platform/config';
import { PROJECT_ROOT } from '../../platform/paths';
import { configErrorOf } from '../support/config-error';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const MSSID = `MG${'fedcba9876543210'.repeat(2)}`;


describe('loadConfig', () => {
  it('fills in the local stack defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      TEMPORAL_ADDRESS: 'localhost:7233',
      TEMPORAL_NAMESPACE: 'default',
      SMTP_URL: 'smtp://localhost:1025',
      EMAIL_FROM: 'Aftercare <aftercare@localhost>',
      CLINICS_FILE: path.join(PROJECT_ROOT, 'examples', 'clinics.json'),
      DATA_DIR: path.join(PROJECT_ROOT, '.data'),
      METRICS_PORT: 9464,
      LOG_LEVEL: 'info',
      PORT: 3000,
    });
    for (const key of ['API_KEY', 'PUBLIC_BASE_URL', 'TWILIO_ACCOUNT_SID', 'TEMPORAL_API_KEY', 'WORKFLOW_BUNDLE_PATH']) {
      expect(config[key as keyof typeof config]).toBeUndefined();
    }
    expect(twilioSettings(config)).toBeUndefined();
    expect(dataPaths(config)).toEqual({
      smsOutboxFile: path.join(PROJECT_ROOT, '.data', 'sms-outbox.jsonl'),
      logsDir: path.join(PROJECT_ROOT, '.data', 'logs'),
      temporalDbFile: path.join(PROJECT_ROOT, '.data', 'temporal.sqlite'),
      mailDir: path.join(PROJECT_ROOT, '.data', 'mail'),
    });
  });

  it('treats empty values as unset and ignores unrelated variables', () => {
    const config = loadConfig({ SMTP_URL: '', PORT: '  ', HOME: '/root', TWILIO_FROM: '' });
    expect(config.SMTP_URL).toBe('smtp://localhost:1025');
    expect(config.PORT).toBe(3000);
    expect(config).not.toHaveProperty('HOME');
  });

  it('parses given values: numbers, levels, URLs and paths', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-'));
    writeFileSync(path.join(dir, 'clinics.json'), '{}');
    writeFileSync(path.join(dir, 'bundle.js'), '');
    const config = loadConfig(
      {
        TEMPORAL_ADDRESS: 'temporal.internal:7233',
        TEMPORAL_NAMESPACE: 'aftercare-prod',
        API_KEY: 'k3y-with-no-spaces',
        PUBLIC_BASE_URL: 'https://aftercare.example.com/',
        SMTP_URL: 'smtps://user:pass@smtp.example.com:465',
        EMAIL_FROM: 'care@example.com',
        CLINICS_FILE: 'clinics.json',
        DATA_DIR: 'state',
        METRICS_PORT: '0',
        LOG_LEVEL: 'DEBUG',
        PORT: '8080',
        WORKFLOW_BUNDLE_PATH: 'bundle.js',
      },
      dir,
    );
    expect(config).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'aftercare-prod',
      API_KEY: 'k3y-with-no-spaces',
      PUBLIC_BASE_URL: 'https://aftercare.example.com',
      SMTP_URL: 'smtps://user:pass@smtp.example.com:465',
      EMAIL_FROM: 'care@example.com',
      CLINICS_FILE: path.join(dir, 'clinics.json'),
      DATA_DIR: path.join(dir, 'state'),
      METRICS_PORT: 0,
      LOG_LEVEL: 'debug',
      PORT: 8080,
      WORKFLOW_BUNDLE_PATH: path.join(dir, 'bundle.js'),
    });
  });

  it.each([
    ['TEMPORAL_ADDRESS', 'not a host:port', /^Invalid configuration: TEMPORAL_ADDRESS: must be host:port/],
    ['TEMPORAL_ADDRESS', 'localhost:99999', /TEMPORAL_ADDRESS: must be host:port/],
    ['TEMPORAL_NAMESPACE', 'two words', /TEMPORAL_NAMESPACE: must be a namespace name without spaces/],
    ['PUBLIC_BASE_URL', 'aftercare.example.com', /PUBLIC_BASE_URL: must be an http:\/\/ or https:\/\/ URL/],
    ['SMTP_URL', 'http://localhost:1025', /^Invalid configuration: SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL$/],
    ['EMAIL_FROM', 'Aftercare', /EMAIL_FROM: must be an email address/],
    ['CLINICS_FILE', '/nonexistent/clinics.json', /CLINICS_FILE: must be a readable file/],
    ['METRICS_PORT', 'ninety', /METRICS_PORT: must be a port number/],
    ['METRICS_PORT', '70000', /METRICS_PORT: must be a port number from 0 to 65535/],
    ['PORT', '-1', /PORT: must be a port number/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL: must be one of trace, debug, info, warn, error/],
    ['WORKFLOW_BUNDLE_PATH', '/nonexistent/bundle.js', /WORKFLOW_BUNDLE_PATH: must be a readable file/],
    ['TEMPORAL_TLS_CERT_PATH', '/nonexistent/client.pem', /TEMPORAL_TLS_CERT_PATH: must be a readable file/],
    ['TWILIO_API_BASE_URL', 'twilio-stand-in', /TWILIO_API_BASE_URL: must be an http:\/\/ or https:\/\/ URL/],
  ])('rejects a bad %s (%s) with one line naming it', (variable, value, message) => {
    const text = configErrorOf({ [variable]: value });
    expect(text).toMatch(message);
    expect(text).toContain(`${variable}:`);
    expect(text).not.toContain('\n');
  });

  it('reports every bad variable on the one line', () => {
    expect(configErrorOf({ PORT: 'x', LOG_LEVEL: 'loud' })).toMatch(/^Invalid configuration: LOG_LEVEL: .*; PORT: .*$|^Invalid configuration: PORT: .*; LOG_LEVEL: .*$/);
  });

  it('needs both halves of an mTLS client certificate', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-tls-'));
    const cert = path.join(dir, 'client.pem');
    writeFileSync(cert, 'cert');
    expect(configErrorOf({ TEMPORAL_TLS_CERT_PATH: cert })).toMatch(/TEMPORAL_TLS_KEY_PATH: required when TEMPORAL_TLS_CERT_PATH is set/);
    const key = path.join(dir, 'client.key');
    writeFileSync(key, 'key');
    expect(loadConfig({ TEMPORAL_TLS_CERT_PATH: cert, TEMPORAL_TLS_KEY_PATH: key })).toMatchObject({
      TEMPORAL_TLS_CERT_PATH: cert,
      TEMPORAL_TLS_KEY_PATH: key,
    });
  });

  describe('Twilio settings are all-or-nothing', () => {
    it('sends SMS to the outbox when none is set', () => {
      expect(twilioSettings(loadConfig({}))).toBeUndefined();
    });

    it('uses Twilio with SID, token and a sender', () => {
      const withFrom = loadConfig({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'secret', TWILIO_FROM: '+12125550199' });
      expect(twilioSettings(withFrom)).toEqual({ accountSid: SID, authToken: 'secret', from: '+12125550199' });
      const withService = loadConfig({
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: 'secret',
        TWILIO_MESSAGING_SERVICE_SID: MSSID,
        TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
      });
      expect(twilioSettings(withService)).toEqual({
        accountSid: SID,
        authToken: 'secret',
        messagingServiceSid: MSSID,
        apiBaseUrl: 'http://127.0.0.1:4010',
      });
    });

    it('names what is missing when only part is set', () => {
      expect(configErrorOf({ TWILIO_ACCOUNT_SID: SID })).toMatch(/TWILIO_AUTH_TOKEN: required/);
      expect(configErrorOf({ TWILIO_ACCOUNT_SID: SID })).toMatch(/TWILIO_FROM: set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/);
      expect(configErrorOf({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'secret' })).toMatch(
        /^Invalid configuration: TWILIO_FROM: set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/,
      );
      expect(configErrorOf({ TWILIO_FROM: '+12125550199' })).toMatch(/TWILIO_ACCOUNT_SID: required.*TWILIO_AUTH_TOKEN: required/);
      expect(configErrorOf({ TWILIO_AUTH_TOKEN: 'secret', TWILIO_MESSAGING_SERVICE_SID: MSSID })).toMatch(/^Invalid configuration: TWILIO_ACCOUNT_SID: required/);
    });

    it('checks the shape of each Twilio value', () => {
      expect(configErrorOf({ TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '+12125550199' })).toMatch(
        /TWILIO_ACCOUNT_SID: must be a Twilio Account SID/,
      );
      expect(configErrorOf({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x', TWILIO_FROM: '555-0100' })).toMatch(/TWILIO_FROM: must be a phone number in E.164/);
      expect(configErrorOf({ TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'x', TWILIO_MESSAGING_SERVICE_SID: 'MG1' })).toMatch(
        /TWILIO_MESSAGING_SERVICE_SID: must be a Messaging Service SID/,
      );
    });
  });
});

describe('payload codec and SMS rate settings', () => {
  const KEY = Buffer.alloc(32, 7).toString('base64');

  it('defaults to one text per second and takes fractions', () => {
    expect(loadConfig({}).SMS_RATE_LIMIT_PER_SECOND).toBe(1);
    expect(loadConfig({ SMS_RATE_LIMIT_PER_SECOND: '0.5' }).SMS_RATE_LIMIT_PER_SECOND).toBe(0.5);
    expect(loadConfig({ SMS_RATE_LIMIT_PER_SECOND: '30' }).SMS_RATE_LIMIT_PER_SECOND).toBe(30);
  });

  it.each([
    ['0', 'must be from 0.01 to 10000'],
    ['-1', 'must be a number of messages per second'],
    ['fast', 'must be a number of messages per second'],
    ['20000', 'must be from 0.01 to 10000'],
  ])('refuses SMS_RATE_LIMIT_PER_SECOND=%s', (value, reason) => {
    expect(configErrorOf({ SMS_RATE_LIMIT_PER_SECOND: value })).toContain(`SMS_RATE_LIMIT_PER_SECOND: ${reason}`);
  });

  it('accepts a key ring and names the variable of a bad one', () => {
    expect(loadConfig({ CODEC_KEYS: `2026-01:${KEY}` }).CODEC_KEYS).toBe(`2026-01:${KEY}`);
    expect(configErrorOf({ CODEC_KEYS: '2026-01:c2hvcnQ=' })).toMatch(/^Invalid configuration: CODEC_KEYS: key "2026-01" is 5 bytes/);
    expect(configErrorOf({ CODEC_KEYS: `a:${KEY},b:${KEY}`, CODEC_KEY_ID: 'c' })).toMatch(/CODEC_KEY_ID: "c" is not one of the keys/);
    expect(configErrorOf({ CODEC_KEY_ID: 'a' })).toMatch(/^Invalid configuration: CODEC_KEY_ID: /);
    expect(configErrorOf({ CODEC_KEYS_FILE: '/nonexistent/keys.json' })).toContain('CODEC_KEYS_FILE: must be a readable file');
  });

  it('reads the key ring from a file and refuses both sources at once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'config-codec-'));
    const file = path.join(dir, 'keys.json');
    writeFileSync(file, JSON.stringify({ current: 'k2', keys: { k1: KEY, k2: KEY } }));
    expect(loadConfig({ CODEC_KEYS_FILE: 'keys.json' }, dir).CODEC_KEYS_FILE).toBe(file);
    expect(configErrorOf({ CODEC_KEYS_FILE: file, CODEC_KEYS: `a:${KEY}` })).toContain('set CODEC_KEYS or CODEC_KEYS_FILE, not both');
  });

  it('lists every variable it reads', () => {
    expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(['TEMPORAL_ADDRESS', 'CODEC_KEYS', 'SMS_RATE_LIMIT_PER_SECOND', 'WORKFLOW_BUNDLE_PATH']));
    // Every value the parsed configuration holds comes from a listed variable.
    expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(Object.keys(loadConfig({}))));
  });
});

describe('worker cache', () => {
  it('keeps 60 sleeping workflows in memory by default, and takes a number', () => {
    expect(loadConfig({}).WORKER_MAX_CACHED_WORKFLOWS).toBe(60);
    expect(loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: '0' }).WORKER_MAX_CACHED_WORKFLOWS).toBe(0);
    expect(configErrorOf({ WORKER_MAX_CACHED_WORKFLOWS: 'lots' })).toContain('WORKER_MAX_CACHED_WORKFLOWS: must be a whole number of workflows');
  });
});

describe('application database', () => {
  it('uses PGlite when DATABASE_URL is unset, and takes a postgres:// URL', () => {
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: ' postgres://aftercare:pw@db:5432/aftercare ' }).DATABASE_URL).toBe('postgres://aftercare:pw@db:5432/aftercare');
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/aftercare' }).DATABASE_URL).toBe('postgresql://db/aftercare');
  });

  it('refuses anything else and names the variable', () => {
    for (const bad of ['mysql://db/aftercare', 'db:5432', 'postgres://']) {
      expect(configErrorOf({ DATABASE_URL: bad })).toBe('Invalid configuration: DATABASE_URL: must be a postgres:// URL, for example postgres://aftercare:secret@localhost:5432/aftercare');
    }
  });
});
