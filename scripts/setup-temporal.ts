/** `npm run setup:temporal`: installs (or finds) the Temporal CLI and test server and prints where they are. */
import { ensureTemporalToolchain, ToolchainError } from '../dev/temporal-toolchain';

try {
  const tools = ensureTemporalToolchain();
  for (const [name, tool] of Object.entries(tools)) {
    process.stdout.write(`${name === 'cli' ? 'temporal CLI        ' : 'temporal test server'}  ${tool?.path} (${tool?.source})\n`);
  }
} catch (err) {
  if (!(err instanceof ToolchainError)) throw err;
  process.stderr.write(`setup:temporal: ${err.message}\n`);
  process.exitCode = 1;
}
