/**
 * The local stack's web pages on PORT (default 3000): `/` links everything the stack runs,
 * `/outbox` shows the SMS the worker "sent" to the outbox file (newest first, labelled with the
 * clinic that sent each, refreshes itself),
 * `/outbox.json` the same as JSON. With `frontDeskDir` (web/), `/` is the front desk's index page
 * instead, with the stack's links added at the bottom, and the links page moves to `/local`.
 * `fallback` receives every request these pages do not answer (scripts/start.ts: the HTTP API,
 * which also serves the rest of the front desk's files, and the Twilio webhooks).
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readOutbox, type OutboxEntry } from '../activities/sms/outbox-sms';
import { escapeHtml } from '../domain/html';
import { LOOPBACK } from './ports';

export interface LocalLinks {
  temporalUi: string;
  mail?: string | undefined;
  metrics?: string | undefined;
  /** The HTTP API's documentation page, when the API is mounted. */
  apiDocs?: string | undefined;
}

export interface LocalPagesOptions {
  /** The SMS outbox file (JSON lines), DATA_DIR/sms-outbox.jsonl. */
  outboxFile: string;
  links: LocalLinks;
  /** Seconds between automatic refreshes of /outbox. Default 5. */
  refreshSeconds?: number;
  /** Handles whatever the pages do not; default a 404 page. */
  fallback?: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  /** The front desk's folder (index.html and its files), served at `/`. */
  frontDeskDir?: string | undefined;
}

async function outboxEntries(file: string): Promise<OutboxEntry[]> {
  const entries = await readOutbox(file);
  // Newest first; entries with equal times keep file order reversed (the later line is newer).
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (b.e.at === a.e.at ? b.i - a.i : b.e.at < a.e.at ? -1 : 1))
    .map(({ e }) => e);
}

const STYLE = `
  body { font: 15px/1.45 system-ui, -apple-system, Segoe UI, Roboto, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2430; }
  h1 { font-size: 1.4rem; } a { color: #2456a6; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid #e3e6ea; }
  th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: #5b6573; }
  td.time, td.to, td.clinic { white-space: nowrap; font-variant-numeric: tabular-nums; } td.body { white-space: pre-wrap; }
  .muted { color: #5b6573; } ul.links li { margin: .35rem 0; }
`;

function page(title: string, body: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${head}<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

function landingPage(links: LocalLinks): string {
  const item = (href: string | undefined, label: string, note: string) =>
    href ? `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a> <span class="muted">— ${escapeHtml(note)}</span></li>` : '';
  return page(
    'Aftercare — local stack',
    `<h1>Aftercare — local stack</h1>
<p class="muted">Everything the local stack runs.</p>
<ul class="links">
${item(links.temporalUi, 'Temporal UI', 'workflows, their history and search attributes')}
${item('/outbox', 'SMS outbox', 'text messages the worker would have sent')}
${item(links.mail, 'Mail', 'every email the worker sent, readable in the browser')}
${item(links.metrics, 'Worker metrics', 'Prometheus format')}
${item(links.apiDocs, 'HTTP API', 'its OpenAPI document, browsable')}
</ul>`,
  );
}

/** The stack's links as a footer for the front desk page. */
function localLinksFooter(links: LocalLinks): string {
  const link = (href: string | undefined, label: string) => (href ? `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : '');
  const items = [
    link(links.temporalUi, 'Temporal UI'),
    link('/outbox', 'SMS outbox'),
    link(links.mail, 'Mail'),
    link(links.metrics, 'Worker metrics'),
    link(links.apiDocs, 'API docs'),
    link('/local', 'All local services'),
  ].filter(Boolean);
  return `<footer class="local-stack-links" style="margin:2rem auto 1rem;max-width:60rem;padding:0 1rem;font:13px/1.5 system-ui,sans-serif;color:#5b6573">Local stack: ${items.join(' · ')}</footer>`;
}

/** A file of the front desk's folder, or undefined when it is not there. */
async function frontDeskFile(dir: string, name: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path.join(dir, name));
  } catch {
    return undefined;
  }
}

/** A text field the entry may carry (`clinicId`, `from`); lines written before senders were per clinic carry none. */
function optional(entry: OutboxEntry, key: 'clinicId' | 'from'): string | undefined {
  const value: unknown = (entry as unknown as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function outboxPage(entries: OutboxEntry[], refreshSeconds: number): string {
  const rows = entries
    .map((e) => {
      const clinic = optional(e, 'clinicId');
      const from = optional(e, 'from');
      return (
        `<tr><td class="time"><time datetime="${escapeHtml(e.at)}">${escapeHtml(e.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}</time></td>` +
        `<td class="clinic">${clinic ? escapeHtml(clinic) : '<span class="muted">—</span>'}${from ? `<br><span class="muted">from ${escapeHtml(from)}</span>` : ''}</td>` +
        `<td class="to">${escapeHtml(e.to)}</td><td class="body">${escapeHtml(e.body)}</td></tr>`
      );
    })
    .join('\n');
  return page(
    'SMS outbox',
    `<p><a href="/">&larr; local stack</a></p>
<h1>SMS outbox</h1>
<p class="muted">${entries.length} message${entries.length === 1 ? '' : 's'}, newest first. Without Twilio credentials the worker writes SMS here instead of sending them. Refreshes every ${refreshSeconds} s.</p>
${entries.length ? `<table><thead><tr><th>Time</th><th>Clinic</th><th>To</th><th>Message</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '<p>No messages yet.</p>'}`,
    `<meta http-equiv="refresh" content="${refreshSeconds}">`,
  );
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  const binary = !type.startsWith('text/') && !type.endsWith('json') && !type.endsWith('+xml');
  res.writeHead(status, { 'content-type': binary ? type : `${type}; charset=utf-8`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

/** The request handler, for mounting in another server. */
export function localPagesHandler(options: LocalPagesOptions): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const refreshSeconds = options.refreshSeconds ?? 5;
  return (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    const isRead = req.method === 'GET' || req.method === 'HEAD';
    const answer = async (): Promise<void> => {
      if (isRead && options.frontDeskDir) {
        if (pathname === '/' || pathname === '/index.html') {
          const index = await frontDeskFile(options.frontDeskDir, 'index.html');
          if (index) {
            const html = index.toString('utf8');
            const footer = localLinksFooter(options.links);
            return send(res, 200, 'text/html', html.includes('</body>') ? html.replace('</body>', `${footer}\n</body>`) : `${html}${footer}`);
          }
        }
      }
      if (isRead && (pathname === '/' || pathname === '/local')) return send(res, 200, 'text/html', landingPage(options.links));
      if (isRead && (pathname === '/outbox' || pathname === '/outbox/')) {
        return send(res, 200, 'text/html', outboxPage(await outboxEntries(options.outboxFile), refreshSeconds));
      }
      if (isRead && pathname === '/outbox.json') {
        return send(res, 200, 'application/json', JSON.stringify(await outboxEntries(options.outboxFile)));
      }
      if (isRead && pathname === '/healthz') return send(res, 200, 'text/plain', 'ok');
      if (options.fallback) return options.fallback(req, res);
      return send(res, 404, 'text/html', page('Not found', '<h1>Not found</h1><p><a href="/">Local stack</a></p>'));
    };
    answer().catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `could not read the outbox: ${(err as Error).message}`);
      else res.destroy();
    });
  };
}

export interface LocalPagesServer {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the pages on `port`, on loopback only by default: the outbox shows clients' texts, and the
 * API behind it answers whoever holds a key.
 */
export function startLocalPages(port: number, options: LocalPagesOptions, host = LOOPBACK): Promise<LocalPagesServer> {
  const server = http.createServer(localPagesHandler(options));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
