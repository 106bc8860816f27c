/**
 * The local stack's mail server: MailDev (a devDependency), an SMTP sink with a web page, its mails
 * kept in a folder. Tests use dev/smtp-sink.ts instead, which records mails for assertions.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnChild, type Child } from './child-processes';
import { LOOPBACK } from './ports';
import { httpAnswers, tcpAnswers, waitUntilReady } from './readiness';

export interface MailDevOptions {
  smtpPort: number;
  uiPort: number;
  mailDir: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export class MailDevMissingError extends Error {}

function maildevBin(): string {
  // maildev is ESM-only with an `exports` map: find its folder rather than require.resolve it.
  for (const dir of require.resolve.paths('maildev') ?? []) {
    const pkg = path.join(dir, 'maildev', 'package.json');
    if (existsSync(pkg)) {
      const bin = (JSON.parse(readFileSync(pkg, 'utf8')) as { bin?: Record<string, string> }).bin?.maildev;
      if (bin) return path.join(path.dirname(pkg), bin);
    }
  }
  throw new MailDevMissingError('maildev is not installed: run `npm install` (it is a devDependency).');
}

/** Starts MailDev; `ready()` waits (up to 30 s from when it is called) until its page and its SMTP port answer. */
export function startMailDev(opts: MailDevOptions): { child: Child; ready(): Promise<void> } {
  const args = [
    maildevBin(),
    ...['--smtp', String(opts.smtpPort), '--ip', LOOPBACK],
    ...['--web', String(opts.uiPort), '--web-ip', LOOPBACK],
    ...['--mail-directory', opts.mailDir],
    // MailDev logs each mail's sender, recipient and subject: personal data, not for a log file.
    // Whether it started is what the readiness check below sees.
    '--silent',
  ];
  const child = spawnChild('maildev', process.execPath, args, { env: opts.env, logFile: opts.logFile });
  const answers = async () => (await httpAnswers(`http://${LOOPBACK}:${opts.uiPort}/api/healthz`)) && (await tcpAnswers(opts.smtpPort));
  return { child, ready: () => waitUntilReady('The mail server (MailDev)', child, 30_000, answers) };
}
