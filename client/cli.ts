/**
 * `npx aftercare <command>`: the clinic's and operator's command line (interface.md).
 * Exit codes: 0 success, 1 server unreachable or a runtime failure, 2 bad arguments.
 */
import { parseCommandArgs, UnreachableError, UsageError, type Command } from './cli-kit';
import { preview } from './commands/preview';

const commands: Record<string, Command> = { preview };

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return ['usage: aftercare <command> [options]', '', 'commands:', ...lines, '', 'Run `aftercare <command> --help` for its options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (try: ${Object.keys(commands).join(', ')})`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`usage: ${command.usage}\n`);
      return 0;
    }
    await command.run(parseCommandArgs(command, rest));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`aftercare ${name}: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UnreachableError) {
      process.stderr.write(`aftercare ${name}: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`aftercare ${name}: ${(err as Error).message ?? String(err)}\n`);
    return 1;
  }
}

/** Runs the CLI on process.argv and sets the exit code; bin/aftercare.js calls this. */
export function runCli(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`aftercare: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) runCli();
