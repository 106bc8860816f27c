/**
 * Prebuilds the workflow bundle for production: `node bin/run.js worker/build-bundle.ts [out]`
 * writes dist/workflow-bundle.js (or `out`). A worker started with
 * WORKFLOW_BUNDLE_PATH=dist/workflow-bundle.js loads it instead of bundling at start-up.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../platform/codec/aes-gcm-codec';
import { PROJECT_ROOT } from '../platform/paths';
import { createLogger } from '../platform/logger';

export const DEFAULT_BUNDLE_PATH = path.join(PROJECT_ROOT, 'dist', 'workflow-bundle.js');

/** Bundles workflows/ and writes the bundle to `outFile`; returns its absolute path and size. */
export async function buildWorkflowBundle(outFile: string = DEFAULT_BUNDLE_PATH): Promise<{ path: string; bytes: number }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    // Always: failures raised in workflow code then go through the codec whenever the deployment
    // sets keys, which an image built beforehand cannot know.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: createLogger({ level: 'warn', fields: { service: 'build-bundle' } }),
  });
  const target = path.resolve(outFile);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, code);
  return { path: target, bytes: Buffer.byteLength(code) };
}

if (require.main === module) {
  buildWorkflowBundle(process.argv[2]).then(
    ({ path: file, bytes }) => {
      process.stdout.write(`wrote ${path.relative(process.cwd(), file) || file} (${(bytes / 1024).toFixed(0)} KiB)\n`);
    },
    (err: unknown) => {
      process.stderr.write(`build-bundle: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
