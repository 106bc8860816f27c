/**
 * A file server on loopback standing in for Twilio's media storage: each file is served once
 * under an unguessable path, so that an inbound MMS posted by send-inbound-sms.ts can name it in
 * MediaUrl0 and the worker's photo intake fetches it (loopback is allowed only in the local stack
 * and tests: app/photo-fetching.ts). It tells when every file has been fetched.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.heic': 'image/heic',
};

/** The Content-Type a file is served with, from its extension. */
export const contentTypeOfFile = (file: string): string => TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';

export interface ServedFile {
  url: string;
  contentType: string;
}

export interface MediaFileServer {
  files: ServedFile[];
  /** Resolves once every file has been fetched; rejects after `timeoutMs`. */
  fetched(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Serves `files` (paths, or bytes with their type) on 127.0.0.1 at a free port. */
export async function serveMediaFiles(files: (string | { bytes: Buffer; contentType: string })[]): Promise<MediaFileServer> {
  const entries = files.map((f) => {
    const bytes = typeof f === 'string' ? readFileSync(f) : f.bytes;
    const contentType = typeof f === 'string' ? contentTypeOfFile(f) : f.contentType;
    return { path: `/media/${randomBytes(12).toString('hex')}`, bytes, contentType, fetched: false };
  });
  let onFetch = () => undefined as void;
  const server: Server = createServer((req, res) => {
    const entry = entries.find((e) => e.path === req.url);
    if (!entry || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': entry.contentType, 'content-length': entry.bytes.length });
    res.end(entry.bytes, () => {
      entry.fetched = true;
      onFetch();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    files: entries.map((e) => ({ url: `http://127.0.0.1:${port}${e.path}`, contentType: e.contentType })),
    fetched: (timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not fetched within ${Math.round(timeoutMs / 1000)} s: is the worker running, with the codec keys?`)), timeoutMs);
        onFetch = () => {
          if (entries.every((e) => e.fetched)) {
            clearTimeout(timer);
            resolve();
          }
        };
        onFetch();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
