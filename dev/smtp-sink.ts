/**
 * A real SMTP server for tests (smtp-server on 127.0.0.1 and a free port; auth optional and any
 * credentials accepted; no TLS: STARTTLS disabled), keeping every message it
 * accepts parsed by mailparser's `simpleParser`.
 *
 * ```ts
 * const smtp = await startSmtpSink();
 * const mail = createSmtpMailer({ url: smtp.url, from: 'Aftercare <aftercare@example.com>' });
 * ...
 * smtp.messages;                       // ParsedMail[] in arrival order: .text, .html, .messageId, .headers.get('x-aftercare-step')
 * smtp.envelopes;                      // { from, to[] } per accepted message, in the same order
 * smtp.receivedAt;                     // when each message was accepted, in the same order
 * smtp.rejectRecipient('a@b.example'); // 550 on RCPT TO for that address (permanent)
 * smtp.failNext(1);                    // the next message gets 451 on MAIL FROM (transient)
 * smtp.failNext(1, { code: 421, message: 'Try later' });
 * smtp.refuseConnectionsFor(2);        // the next 2 connections get a 421 greeting and are closed
 * smtp.refuseConnectionsFor(1, { drop: true }); // ... or are dropped without a word
 * await smtp.stopListening();          // the port refuses connections (ECONNREFUSED) ...
 * await smtp.listenAgain();            // ... until it listens again, on the same port
 * smtp.failures;                       // how many failures were injected so far
 * smtp.rejectedRecipients;             // how many RCPT TO were refused by rejectRecipient
 * smtp.reset();                        // forget messages and injected failures
 * await smtp.close();
 * ```
 */
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:PORT`, for SMTP_URL / createSmtpMailer. */
  url: string;
  messages: ParsedMail[];
  envelopes: Array<{ from: string; to: string[] }>;
  /** When each message was accepted (just before the 250 reply), in the same order. */
  receivedAt: Date[];
  /** RCPT TO for `address` (case-insensitive) gets `550 5.1.1` until `reset()`. */
  rejectRecipient(address: string): void;
  /** The next `n` messages fail on MAIL FROM with `code` (default 451, transient). */
  failNext(n: number, opts?: { code?: number; message?: string }): void;
  /** The next `n` connections get a 421 greeting and are closed, or (`drop`) are closed at once. */
  refuseConnectionsFor(n: number, opts?: { drop?: boolean }): void;
  /** Stops accepting connections: new ones are refused by the OS, as when a server is down. */
  stopListening(): Promise<void>;
  /** Accepts connections again, on the same port. */
  listenAgain(): Promise<void>;
  /** Number of failures injected so far (refused connections and failed messages). */
  readonly failures: number;
  /** Number of RCPT TO refused because of `rejectRecipient`. */
  readonly rejectedRecipients: number;
  reset(): void;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const envelopes: Array<{ from: string; to: string[] }> = [];
  const receivedAt: Date[] = [];
  const rejected = new Set<string>();
  let failMessages: { remaining: number; code: number; message: string } | undefined;
  let refuse: { remaining: number; drop: boolean } | undefined;
  let failures = 0;
  let rejectedRecipients = 0;

  const server = new SMTPServer({
    authOptional: true,
    // Plain connections only; AUTH is accepted (any credentials) so an SMTP_URL with a user works.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 500,
    size: 10 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onConnect(_session, callback) {
      if (refuse && refuse.remaining > 0 && !refuse.drop) {
        refuse.remaining -= 1;
        failures += 1;
        return callback(smtpError(421, '4.3.2 Service not available, closing (sink: refused)'));
      }
      callback();
    },
    onMailFrom(_address, _session, callback) {
      if (failMessages && failMessages.remaining > 0) {
        failMessages.remaining -= 1;
        failures += 1;
        return callback(smtpError(failMessages.code, failMessages.message));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (rejected.has(address.address.toLowerCase())) {
        rejectedRecipients += 1;
        // Worded as Postfix does, quoting the address (the mailer must not pass it on).
        return callback(smtpError(550, `5.1.1 <${address.address}>: Recipient address rejected: User unknown in virtual mailbox table`));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          envelopes.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          receivedAt.push(new Date());
          callback();
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
  });
  // Dropped connections: closed before the server says anything.
  server.server.prependListener('connection', (socket: Socket) => {
    if (refuse && refuse.remaining > 0 && refuse.drop) {
      refuse.remaining -= 1;
      failures += 1;
      socket.destroy();
    }
  });
  server.on('error', () => {
    // Client-side resets and dropped sockets end up here; the tests look at what arrived.
  });

  const listenOn = (p: number) =>
    new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      server.server.once('error', onError);
      server.listen(p, '127.0.0.1', () => {
        server.server.removeListener('error', onError);
        resolve();
      });
    });
  await listenOn(0);
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    envelopes,
    receivedAt,
    rejectRecipient(address) {
      rejected.add(address.toLowerCase());
    },
    failNext(n, opts = {}) {
      failMessages = { remaining: n, code: opts.code ?? 451, message: opts.message ?? '4.3.0 Temporary failure, try again later (sink)' };
    },
    refuseConnectionsFor(n, opts = {}) {
      refuse = { remaining: n, drop: opts.drop ?? false };
    },
    stopListening() {
      // Closes the listening socket at once; connections already open finish what they are doing
      // (close's callback would wait for them, so it is not awaited).
      if (server.server.listening) server.server.close();
      return Promise.resolve();
    },
    async listenAgain() {
      if (!server.server.listening) await listenOn(port);
    },
    get failures() {
      return failures;
    },
    get rejectedRecipients() {
      return rejectedRecipients;
    },
    reset() {
      messages.length = 0;
      envelopes.length = 0;
      receivedAt.length = 0;
      rejected.clear();
      failMessages = undefined;
      refuse = undefined;
      failures = 0;
      rejectedRecipients = 0;
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
