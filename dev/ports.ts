import net from 'node:net';

/**
 * Where the local stack's services listen: this machine only. Its pages show clients' texts and
 * emails, and its SMTP port and API take requests from whoever reaches them.
 */
export const LOOPBACK = '127.0.0.1';

/** A port the OS just handed out and released: free at that moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function distinctFreePorts(n: number): Promise<number[]> {
  const found = new Set<number>();
  while (found.size < n) found.add(await freePort());
  return [...found];
}
