/** SHA-256 of a file's bytes, read as a stream: how an import recognises the same file again. */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export async function digestOf(source: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of source) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export const digestOfBytes = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
