/**
 * Four jest projects, fastest first: `npm test -- --selectProjects unit` runs in seconds.
 * - unit: pure code and single processes (plan, messages, config, providers against stand-ins);
 * - workflow: the aftercare workflow on the time-skipping server, and history replay;
 * - e2e: real servers (dev server, worker, API, CLI, Chromium), end to end;
 * - static: checks of files nobody runs here (compose, lint rules, dependency audit).
 */
// swc strips types without the TypeScript API, so the transform works whatever compiler is
// pinned; `npm test` type-checks separately with tsc.
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    // PGlite's CommonJS build still loads Node modules with import(), which jest's module sandbox
    // refuses without --experimental-vm-modules: swc turns those calls into require().
    '/node_modules/@electric-sql/pglite/.+\\.cjs$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    // jose is ESM only: Node loads it with require() (20.19+), jest's module sandbox does not.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    // The front desk's pure helpers (web/*.js) are ES modules the browser loads as they are.
    '/web/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/|jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  setupFiles: ['<rootDir>/test/support/jest-setup.ts'],
};

/** Suites that start workers share one workflow bundle, made once per run (dev/workflow-bundle.ts). */
const sharedBundle = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  projects: ['unit', 'workflow', 'e2e', 'static'].map((name) => ({
    ...shared,
    ...(name === 'workflow' || name === 'e2e' ? sharedBundle : {}),
    displayName: name,
    roots: [`<rootDir>/test/${name}`],
    testMatch: ['**/*.test.ts'],
  })),
};
