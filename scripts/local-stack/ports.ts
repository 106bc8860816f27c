/** Every port of the local stack checked before anything starts: a taken one stops start-up with a line naming it. */
import net from 'node:net';
import { StartError } from './settings';

export interface PortSpec {
  port: number;
  what: string;
  variable: string;
}

function canListen(port: number, host?: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** Throws a StartError naming the first port that is taken (or configured twice). */
export async function checkPortsFree(ports: PortSpec[]): Promise<void> {
  const seen = new Map<number, PortSpec>();
  for (const p of ports) {
    const other = seen.get(p.port);
    if (other) {
      throw new StartError(`Port ${p.port} is configured twice: ${other.what} (${other.variable}) and ${p.what} (${p.variable}).`);
    }
    seen.set(p.port, p);
  }
  for (const p of ports) {
    // All interfaces (dual-stack where there is IPv6), then loopback: a service bound to either clashes.
    const err = (await canListen(p.port)) ?? (await canListen(p.port, '127.0.0.1'));
    if (err) {
      const why = err.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${err.code ?? err.message})`;
      throw new StartError(
        `Port ${p.port} (${p.what}) ${why}. Stop whatever is using it, or set ${p.variable} to a free port.`,
      );
    }
  }
}
