import { ConfigError, loadConfig } from '../../platform/config';

/** The one-line message loadConfig refuses `env` with; fails the test when it is accepted. */
export function configErrorOf(env: NodeJS.ProcessEnv, cwd?: string): string {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}
