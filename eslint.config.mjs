// Lint rules for the whole tree.
//
// Layers, lowest first; a file imports only from its own layer and those below it:
//   domain/                      pure, replay-safe rules (imports domain/ only)
//   workflows/  activities/      workflows may name activities with `import type` only (and the
//                                constants of activities/types.ts); activities never import workflows
//   app/  platform/              app may use platform; platform never uses app, and names
//                                workflows/ with `import type` only (the contract's shapes)
//   api/  cli/  web/  worker/    the entry points; api and cli never import each other
// Around them:
//   dev/       stand-ins, dev server, process supervision: any product layer, never test/;
//              imported only by scripts/, bench/, test/ and dev/ itself
//   scripts/ bench/ examples/    tools that run the product; never test/
//   test/      anything; nothing outside test/ imports test/
// Plus the Temporal contract: no Node built-ins (I/O, real clock sources) in workflow code and the
// pure domain, no Date.now in domain/, and no floating promises anywhere.
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'dns', 'stream', 'timers', 'worker_threads', 'process', 'url', 'util'];

const FOLDERS = ['domain', 'workflows', 'activities', 'app', 'platform', 'api', 'cli', 'web', 'worker', 'dev', 'scripts', 'bench', 'examples', 'test'];
const PRODUCT = ['domain', 'workflows', 'activities', 'app', 'platform', 'api', 'cli', 'web', 'worker'];

/** What each folder may import besides itself. */
const MAY_IMPORT = {
  domain: [],
  workflows: ['domain', 'activities'],
  activities: ['domain'],
  platform: ['domain', 'workflows'],
  app: ['domain', 'workflows', 'activities', 'platform'],
  api: ['domain', 'workflows', 'activities', 'app', 'platform'],
  cli: ['domain', 'workflows', 'activities', 'app', 'platform'],
  web: ['domain', 'workflows', 'activities', 'app', 'platform'],
  worker: ['domain', 'workflows', 'activities', 'app', 'platform'],
  dev: PRODUCT,
  scripts: [...PRODUCT, 'dev'],
  bench: [...PRODUCT, 'dev'],
  examples: PRODUCT,
  test: FOLDERS,
};

/** Allowed folders, then the same rule said as a refusal, so that the error names the layers. */
const layerPolicies = FOLDERS.flatMap((layer) => {
  const allowed = [layer, ...MAY_IMPORT[layer]];
  return [
    { from: { element: { type: layer } }, allow: { to: { element: { types: { anyOf: allowed } } } } },
    {
      from: { element: { type: layer } },
      disallow: { to: { element: { types: { noneOf: allowed } } } },
      message: `${layer}/ may import only ${allowed.map((f) => `${f}/`).join(', ')}: not {{ to.element.type }}/ (the layers are listed at the top of eslint.config.mjs).`,
    },
  ];
});

/** platform/ knows the workflow contract's shapes, never its code (that belongs to app/ and worker/). */
const platformUsesWorkflowTypes = {
  from: { element: { type: 'platform' } },
  disallow: { to: { element: { type: 'workflows' } }, dependency: { kind: 'value' } },
  message: 'platform/ imports workflows/ with `import type` only (the contract\'s types); values belong in domain/.',
};

/** Workflow code runs in the sandbox: activities are named by type, apart from the constants of activities/types.ts. */
const workflowsUseActivitiesByType = {
  from: { element: { type: 'workflows' } },
  disallow: {
    to: { element: { type: 'activities', fileInternalPath: '!types.ts' } },
    dependency: { kind: 'value' },
  },
  message: 'workflows/ imports activities/ with `import type` only (values only from activities/types.ts).',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.tools/**', '.data/**', 'coverage/**', 'test-results/**', '**/*.js', '**/*.mjs'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'boundaries/elements': FOLDERS.map((type) => ({ type, pattern: type, partialMatch: false })),
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
      'import/resolver': { typescript: { project: `${import.meta.dirname}/tsconfig.json` } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [...layerPolicies, workflowsUseActivitiesByType, platformUsesWorkflowTypes],
        },
      ],
      // An import that resolves to no layer (a typo, a file outside the tree) is an error too, and
      // so is a file in a folder no layer names: a new top-level folder gets a place above first.
      'boundaries/no-unknown-dependencies': 'error',
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.flatMap((m) => [
            { name: m, message: 'Workflow code must stay free of I/O: use an activity.' },
            { name: `node:${m}`, message: 'Workflow code must stay free of I/O: use an activity.' },
          ]),
          patterns: [{ group: ['../activities/*', '!../activities/types'], message: 'Workflows import activities with `import type` only.', allowTypeImports: true }],
        },
      ],
      'no-restricted-globals': ['error', { name: 'console', message: 'Use the workflow logger (log from @temporalio/workflow).' }, 'setTimeout', 'setInterval'],
    },
  },
  {
    // Pure modules take time as an input; (inside a workflow, Date is the workflow clock).
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: 'Pure modules take the time as an argument.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pure modules take the time as an argument.' },
      ],
    },
  },
);
