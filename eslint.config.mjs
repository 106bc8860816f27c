// Lint rules that guard the Temporal contract: no Node built-ins (I/O, real clock sources) in
// workflow code, and no floating promises anywhere.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'dns', 'stream', 'timers', 'worker_threads', 'process', 'url', 'util'];

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
