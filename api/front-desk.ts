/** The front desk: the static page files in web/, served at / by the API. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

const FILES: Record<string, string> = { '/': 'index.html', '/index.html': 'index.html', '/app.js': 'app.js', '/styles.css': 'styles.css' };
const TYPES: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export function frontDeskRoutes(frontDeskDir: string) {
  return async (app: FastifyInstance): Promise<void> => {
    for (const [url, name] of Object.entries(FILES)) {
      app.get(url, async (_request, reply) => {
        const body = await readFile(path.join(frontDeskDir, name));
        return reply.type(TYPES[name.split('.').pop()!]!).header('cache-control', 'no-cache').send(body);
      });
    }
  };
}
