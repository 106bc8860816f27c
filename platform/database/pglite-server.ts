/**
 * Serves one PGlite instance on loopback over the PostgreSQL wire protocol, so that the processes
 * of `npm start` (the API in the start process, the worker child, CLI commands run beside them)
 * share one embedded database: PGlite's files may be opened by one process only.
 *
 * PGlite is a single PostgreSQL session. Clients take turns on it a whole exchange at a time: a
 * connection holds the session from its first message until PostgreSQL reports it idle again
 * (ReadyForQuery 'I'), so an extended-protocol query (Parse, Bind, Execute, Sync) or an explicit
 * transaction is never interleaved with another connection's messages. Session-wide state (SET,
 * session advisory locks) is shared by every client; the application uses neither across
 * exchanges except migrate.ts's lock, which Kysely's transaction-scoped lock backs up.
 *
 * (`@electric-sql/pglite-socket` multiplexes per message instead: another client's Parse can land
 * between a client's Parse and its Bind, which binds the wrong statement. With one connection at a
 * time it refuses the others outright, and the worker's pool keeps its connection open.)
 */
import net from 'node:net';

/** What this server uses of a PGlite instance. */
export interface PGliteWire {
  execProtocolRawStream(message: Uint8Array, options: { onRawData: (data: Uint8Array) => void }): Promise<void>;
}

export interface PGliteServer {
  /** postgres:// URL of the served database (PGlite takes any user and password). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80_877_103;
const PROTOCOL_3 = 196_608;
const READY_FOR_QUERY = 0x5a; // 'Z'
const TERMINATE = 0x58; // 'X'
const IDLE = 0x49; // 'I'

/** One frontend message: the start-up packet has no type byte, every later one has. */
function takeMessage(buffer: Buffer, started: boolean): { message: Buffer; rest: Buffer } | undefined {
  const length = started ? 1 + (buffer.length >= 5 ? buffer.readInt32BE(1) : Infinity) : buffer.length >= 4 ? buffer.readInt32BE(0) : Infinity;
  if (buffer.length < length) return undefined;
  return { message: buffer.subarray(0, length), rest: buffer.subarray(length) };
}

/** The transaction status of the last ReadyForQuery in a backend reply, if it has one. */
function readyStatus(reply: Buffer): number | undefined {
  let status: number | undefined;
  for (let at = 0; at + 5 <= reply.length; ) {
    const length = reply.readInt32BE(at + 1);
    if (reply[at] === READY_FOR_QUERY && at + 5 < reply.length) status = reply[at + 5];
    at += 1 + length;
  }
  return status;
}

const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

function simpleQuery(text: string): Buffer {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const head = Buffer.alloc(5);
  head[0] = 0x51; // 'Q'
  head.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([head, body]);
}

export async function servePGlite(db: PGliteWire, port: number): Promise<PGliteServer> {
  /** Settles when the connection holding the session lets go of it. */
  let sessionFree: Promise<void> = Promise.resolve();
  const sockets = new Set<net.Socket>();

  async function run(message: Uint8Array): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await db.execProtocolRawStream(message, { onRawData: (data) => chunks.push(Buffer.from(data)) });
    return Buffer.concat(chunks);
  }

  function serve(socket: net.Socket): void {
    sockets.add(socket);
    let buffer: Buffer = Buffer.alloc(0);
    let started = false;
    let release: (() => void) | undefined;
    let closed = false;
    /** This connection's messages, one after the other. */
    let queue: Promise<void> = Promise.resolve();

    const acquire = async () => {
      if (release) return;
      const previous = sessionFree;
      let resolve!: () => void;
      sessionFree = new Promise<void>((r) => (resolve = r));
      await previous;
      release = resolve;
    };
    const letGo = () => {
      const r = release;
      release = undefined;
      r?.();
    };
    /** A client gone mid-exchange: end what it left open, so the next one finds the session idle. */
    const abandon = async () => {
      if (!release) return;
      try {
        let status = readyStatus(await run(SYNC));
        if (status !== undefined && status !== IDLE) status = readyStatus(await run(simpleQuery('ROLLBACK')));
      } finally {
        letGo();
      }
    };

    const handle = async (message: Buffer, startup: boolean) => {
      if (startup) {
        const code = message.length >= 8 ? message.readInt32BE(4) : 0;
        if (code === SSL_REQUEST) {
          socket.write('N');
          return;
        }
        if (code !== PROTOCOL_3) {
          // A cancel request, or a protocol this server does not speak.
          socket.destroy();
          return;
        }
      } else if (message[0] === TERMINATE) {
        await abandon();
        socket.end();
        return;
      }
      await acquire();
      if (closed) return abandon();
      const reply = await run(message);
      if (!closed) socket.write(reply);
      if (readyStatus(reply) === IDLE) letGo();
    };

    socket.on('data', (data: Buffer) => {
      buffer = buffer.length ? Buffer.concat([buffer, data]) : data;
      for (let next = takeMessage(buffer, started); next; next = takeMessage(buffer, started)) {
        buffer = next.rest;
        const message = Buffer.from(next.message);
        const startup = !started;
        // After the start-up packet every message has a type byte; an SSL request comes before it.
        if (startup) started = message.length >= 8 && message.readInt32BE(4) === PROTOCOL_3;
        queue = queue
          .then(() => handle(message, startup))
          .catch(() => {
            socket.destroy();
            return abandon().catch(() => undefined);
          });
      }
    });
    const onGone = () => {
      if (closed) return;
      closed = true;
      sockets.delete(socket);
      queue = queue.then(abandon).catch(() => undefined);
    };
    socket.on('close', onGone);
    socket.on('error', onGone);
  }

  const server = net.createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as net.AddressInfo).port;
  return {
    url: `postgres://postgres@127.0.0.1:${actual}/postgres`,
    port: actual,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Let whatever a departing client left open be ended before the caller closes PGlite.
      await sessionFree;
    },
  };
}
