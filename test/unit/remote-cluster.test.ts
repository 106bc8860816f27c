/**
 * Connecting to Temporal Cloud or another remote cluster through environment variables only
 * (docs/remote-cluster.md): what loadConfig() makes of each documented combination, and the
 * options the worker (nativeConnectionOptions) and the CLI/API (connectionOptions) build from it.
 * No server is involved: the TLS material is dummy PEM text, read and passed through as bytes.
 *
 * test/config.test.ts already covers a certificate without its key and an unreadable certificate
 * path; this file covers the rest of the half-configured cases.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectionOptions } from '../../platform/temporal-connection';
import { loadConfig, type Config } from '../../platform/config';
import { nativeConnectionOptions } from '../../worker/main';
import { configErrorOf } from '../support/config-error';

const dir = mkdtempSync(path.join(tmpdir(), 'remote-cluster-'));
const pem = (name: string, label: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, `-----BEGIN ${label}-----\n${name}\n-----END ${label}-----\n`);
  return file;
};
const CERT = pem('client.pem', 'CERTIFICATE');
const KEY = pem('client.key', 'PRIVATE KEY');
const CA = pem('ca.pem', 'CERTIFICATE');
const bytes = (file: string) => readFileSync(file);

// Shaped like the real thing, but not one: a Temporal Cloud API key is a long token without spaces.
const API_KEY = `eyJhbGciOiJFUzI1NiJ9.${'x'.repeat(40)}.${'y'.repeat(40)}`;


/** Both connection builders, and a check that they agree on everything but the client's timeout. */
function optionsFor(config: Config) {
  const native = nativeConnectionOptions(config);
  const client = connectionOptions(config);
  const { connectTimeout, ...clientRest } = client;
  expect(connectTimeout).toBe('5 seconds');
  expect(clientRest).toEqual(native);
  return native;
}

describe('remote Temporal clusters, configured by environment variables', () => {
  it('the local dev server: plain text, no credentials', () => {
    const config = loadConfig({});
    expect(optionsFor(config)).toEqual({ address: 'localhost:7233' });
    expect(config.TEMPORAL_NAMESPACE).toBe('default');
  });

  it('Temporal Cloud with an API key: TLS with the system CAs, the key sent with every call', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'us-east-1.aws.api.temporal.io:7233',
      TEMPORAL_NAMESPACE: 'aftercare.a1b2c',
      TEMPORAL_API_KEY: `  ${API_KEY}\n`,
    });
    expect(config.TEMPORAL_NAMESPACE).toBe('aftercare.a1b2c');
    expect(optionsFor(config)).toEqual({ address: 'us-east-1.aws.api.temporal.io:7233', tls: true, apiKey: API_KEY });
  });

  it('Temporal Cloud with mTLS: the client certificate and key, no API key', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'aftercare.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'aftercare.a1b2c',
      TEMPORAL_TLS_CERT_PATH: CERT,
      TEMPORAL_TLS_KEY_PATH: KEY,
    });
    expect(optionsFor(config)).toEqual({
      address: 'aftercare.a1b2c.tmprl.cloud:7233',
      tls: { clientCertPair: { crt: bytes(CERT), key: bytes(KEY) } },
    });
  });

  it('a self-hosted cluster with mTLS, a private CA and a server name that differs from the address', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: '10.0.4.12:7233',
      TEMPORAL_NAMESPACE: 'aftercare',
      TEMPORAL_TLS_CERT_PATH: CERT,
      TEMPORAL_TLS_KEY_PATH: KEY,
      TEMPORAL_TLS_CA_PATH: CA,
      TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend.internal',
    });
    expect(optionsFor(config)).toEqual({
      address: '10.0.4.12:7233',
      tls: {
        clientCertPair: { crt: bytes(CERT), key: bytes(KEY) },
        serverRootCACertificate: bytes(CA),
        serverNameOverride: 'temporal-frontend.internal',
      },
    });
  });

  it('a self-hosted cluster with server-side TLS only: the private CA, no client certificate', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_TLS_CA_PATH: CA });
    expect(optionsFor(config)).toEqual({ address: 'temporal.internal:7233', tls: { serverRootCACertificate: bytes(CA) } });
  });

  it('any TLS setting turns TLS on, even a server name alone', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: '10.0.4.12:7233', TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' });
    expect(optionsFor(config)).toEqual({ address: '10.0.4.12:7233', tls: { serverNameOverride: 'temporal.internal' } });
  });

  it('an API key together with a private CA or a certificate keeps both', () => {
    const withCa = loadConfig({ TEMPORAL_ADDRESS: 'temporal.internal:7233', TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS_CA_PATH: CA });
    expect(optionsFor(withCa)).toEqual({ address: 'temporal.internal:7233', tls: { serverRootCACertificate: bytes(CA) }, apiKey: API_KEY });
    const withCert = loadConfig({ TEMPORAL_API_KEY: API_KEY, TEMPORAL_TLS_CERT_PATH: CERT, TEMPORAL_TLS_KEY_PATH: KEY });
    expect(optionsFor(withCert)).toEqual({
      address: 'localhost:7233',
      tls: { clientCertPair: { crt: bytes(CERT), key: bytes(KEY) } },
      apiKey: API_KEY,
    });
  });

  it('resolves relative certificate paths against the working folder', () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'remote-cluster-cwd-'));
    mkdirSync(path.join(cwd, 'certs'));
    writeFileSync(path.join(cwd, 'certs', 'client.pem'), 'cert');
    writeFileSync(path.join(cwd, 'certs', 'client.key'), 'key');
    writeFileSync(path.join(cwd, 'certs', 'ca.pem'), 'ca');
    const config = loadConfig(
      { TEMPORAL_TLS_CERT_PATH: 'certs/client.pem', TEMPORAL_TLS_KEY_PATH: './certs/client.key', TEMPORAL_TLS_CA_PATH: 'certs/ca.pem' },
      cwd,
    );
    expect(config).toMatchObject({
      TEMPORAL_TLS_CERT_PATH: path.join(cwd, 'certs', 'client.pem'),
      TEMPORAL_TLS_KEY_PATH: path.join(cwd, 'certs', 'client.key'),
      TEMPORAL_TLS_CA_PATH: path.join(cwd, 'certs', 'ca.pem'),
    });
    expect(optionsFor(config).tls).toEqual({
      clientCertPair: { crt: Buffer.from('cert'), key: Buffer.from('key') },
      serverRootCACertificate: Buffer.from('ca'),
    });
  });

  it('treats empty values as unset, as an .env file with blank lines for them gives', () => {
    const config = loadConfig({
      TEMPORAL_API_KEY: '',
      TEMPORAL_TLS_CERT_PATH: '',
      TEMPORAL_TLS_KEY_PATH: ' ',
      TEMPORAL_TLS_CA_PATH: '',
      TEMPORAL_TLS_SERVER_NAME: '',
    });
    expect(optionsFor(config)).toEqual({ address: 'localhost:7233' });
  });

  describe('half-configured or malformed, start-up stops with one line naming the variable', () => {
    it.each<[string, NodeJS.ProcessEnv, string]>([
      ['a key without its certificate', { TEMPORAL_TLS_KEY_PATH: KEY }, 'Invalid configuration: TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set'],
      [
        'a certificate whose key file is missing',
        { TEMPORAL_TLS_CERT_PATH: CERT, TEMPORAL_TLS_KEY_PATH: path.join(dir, 'missing.key') },
        'Invalid configuration: TEMPORAL_TLS_KEY_PATH: must be a readable file (no such file, or not readable)',
      ],
      [
        'a CA path that does not exist',
        { TEMPORAL_TLS_CA_PATH: path.join(dir, 'missing-ca.pem') },
        'Invalid configuration: TEMPORAL_TLS_CA_PATH: must be a readable file (no such file, or not readable)',
      ],
      ['a CA path that is a folder', { TEMPORAL_TLS_CA_PATH: dir }, 'Invalid configuration: TEMPORAL_TLS_CA_PATH: must be a readable file (no such file, or not readable)'],
      ['an API key with a space in it', { TEMPORAL_API_KEY: 'two words' }, 'Invalid configuration: TEMPORAL_API_KEY: must be an API key without spaces'],
      ['a server name with a space in it', { TEMPORAL_TLS_SERVER_NAME: 'temporal internal' }, 'Invalid configuration: TEMPORAL_TLS_SERVER_NAME: must be a host name without spaces'],
      ['a namespace with a space in it', { TEMPORAL_NAMESPACE: 'aftercare prod' }, 'Invalid configuration: TEMPORAL_NAMESPACE: must be a namespace name without spaces'],
      ['a URL instead of host:port', { TEMPORAL_ADDRESS: 'https://aftercare.a1b2c.tmprl.cloud:7233' }, 'Invalid configuration: TEMPORAL_ADDRESS: must be host:port, for example localhost:7233'],
    ])('%s', (_what, env, message) => {
      const text = configErrorOf(env);
      expect(text).toBe(message);
      expect(text).not.toContain('\n');
    });

    it('names every problem at once: a key without a certificate, and a missing CA', () => {
      const text = configErrorOf({ TEMPORAL_TLS_KEY_PATH: KEY, TEMPORAL_TLS_CA_PATH: path.join(dir, 'nope.pem') });
      expect(text).toMatch(/^Invalid configuration: /);
      expect(text).toContain('TEMPORAL_TLS_CA_PATH: must be a readable file');
      expect(text).toContain('TEMPORAL_TLS_CERT_PATH: required when TEMPORAL_TLS_KEY_PATH is set');
      expect(text).not.toContain('\n');
    });

    it('never echoes the API key in a message', () => {
      const secret = 'sk-live 0123456789';
      expect(configErrorOf({ TEMPORAL_API_KEY: secret })).not.toContain('0123456789');
    });
  });
});
