/**
 * `npx aftercare <command>`: the clinic's and operator's command line (interface.md).
 * Exit codes: 0 success, 1 server unreachable or a runtime failure, 2 bad arguments or a refusal
 * (cli/exit.ts).
 */
import { failure } from './exit';
import { parseCommandArgs, UsageError, type Command } from './kit';

/** Required on demand: `preview` and `triage` never pay for the Temporal client, and one broken command spares the rest. */
const commands: Record<string, { summary: string; load: () => Command }> = {
  preview: { summary: 'print the care plan of one session, without any server', load: () => (require('./commands/preview') as typeof import('./commands/preview')).preview },
  triage: { summary: 'classify one client reply: urgent, booking, question or other', load: () => (require('./commands/triage') as typeof import('./commands/triage')).triage },
  enroll: { summary: 'enroll a client after a session, from a JSON file', load: () => (require('./commands/enroll') as typeof import('./commands/enroll')).enroll },
  import: { summary: 'enrol existing clients from a CSV file, one row per session', load: () => (require('./commands/import') as typeof import('./commands/import')).importCommand },
  status: { summary: "show a client's phase, next step and what was sent", load: () => (require('./commands/status') as typeof import('./commands/status')).status },
  course: { summary: "show a client's sessions as one course", load: () => (require('./commands/course') as typeof import('./commands/course')).course },
  book: { summary: "record, reschedule or clear the client's next appointment", load: () => (require('./commands/book') as typeof import('./commands/book')).book },
  handled: { summary: "mark the client's urgent concern handled: held booking prompts go on", load: () => (require('./commands/handled') as typeof import('./commands/handled')).handled },
  cancel: { summary: "stop a client's aftercare messages", load: () => (require('./commands/cancel') as typeof import('./commands/cancel')).cancel },
  resend: { summary: 'send an earlier step to the client again', load: () => (require('./commands/resend') as typeof import('./commands/resend')).resend },
  pause: { summary: "hold a client's or a whole clinic's messages", load: () => (require('./commands/pause') as typeof import('./commands/pause')).pause },
  resume: { summary: 'release messages held by pause', load: () => (require('./commands/resume') as typeof import('./commands/resume')).resume },
  contact: { summary: "change the client's phone, email or time zone", load: () => (require('./commands/contact') as typeof import('./commands/contact')).contact },
  channel: { summary: "switch one of the client's channels off or on", load: () => (require('./commands/channel') as typeof import('./commands/channel')).channel },
  consent: { summary: 'record a consent the client gave after enrolment', load: () => (require('./commands/consent') as typeof import('./commands/consent')).consent },
  'touch-ups': { summary: "show or stop a client's touch-up reminders", load: () => (require('./commands/touch-ups') as typeof import('./commands/touch-ups')).touchUps },
  'phone-hash': { summary: 'print the PhoneHash search attribute of a phone number', load: () => (require('./commands/phone-hash') as typeof import('./commands/phone-hash')).phoneHashCommand },
  list: { summary: 'list enrolled sessions, optionally of one clinic', load: () => (require('./commands/list') as typeof import('./commands/list')).list },
  clinic: { summary: 'add, change, list or import clinics', load: () => (require('./commands/clinic') as typeof import('./commands/clinic')).clinic },
  key: { summary: "make, list or revoke a clinic's API keys", load: () => (require('./commands/key') as typeof import('./commands/key')).key },
  staff: { summary: 'invite people to a clinic, or list them', load: () => (require('./commands/staff') as typeof import('./commands/staff')).staff },
  admin: { summary: 'make a platform administrator with a one-time password', load: () => (require('./commands/admin') as typeof import('./commands/admin')).admin },
  db: { summary: "apply the application database's migrations", load: () => (require('./commands/db') as typeof import('./commands/db')).db },
  demo: { summary: 'DEMO ONLY: one whole timeline compressed, a day every few seconds', load: () => (require('./commands/demo') as typeof import('./commands/demo')).demo },
};

function help(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(11)} ${c.summary}`);
  return ['usage: aftercare <command> [options]', '', 'commands:', ...lines, '', 'Run `aftercare <command> --help` for its options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${help()}\n`);
    return name ? 0 : 2;
  }
  let command: Command | undefined;
  try {
    const entry = commands[name];
    if (!entry) throw new UsageError(`unknown command "${name}" (try: ${Object.keys(commands).join(', ')})`);
    command = entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`usage: ${command.usage}\n`);
      return 0;
    }
    return (await command.run(parseCommandArgs(command, rest))) ?? 0;
  } catch (err) {
    const { code, message } = failure(err, command?.flags);
    process.stderr.write(`aftercare ${name}: ${message}\n`);
    return code;
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
