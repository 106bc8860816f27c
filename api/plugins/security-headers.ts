/**
 * Security headers on every answer, through @fastify/helmet: a Content-Security-Policy under which
 * the front desk and /docs work as they are (their modules, styles and data come from this origin
 * only), no framing by any site (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), no sniffing,
 * no referrer.
 *
 * The pages' own inline blocks (the front desk's import map, /docs' style sheet) are allowed by
 * their SHA-256 hash, computed from the page as it is sent: an injected script has another hash
 * and does not run, and a page edited while the server runs keeps working.
 */
import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { shared } from './shared';

export const CSP_HEADER = 'content-security-policy';

const DIRECTIVES = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
  // The front desk's icon is a data: URL.
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  // The local stack serves plain http on loopback: upgrading its requests would break the page.
  'upgrade-insecure-requests': null,
};

/** Inline <script> (without src) and <style> elements' contents, as a browser hashes them. */
const INLINE = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The policy with the hashes of `html`'s inline scripts and styles added to their directives. */
export function withInlineHashes(policy: string, html: string): string {
  const scripts = new Set<string>();
  const styles = new Set<string>();
  for (const [, tag, attributes, body] of html.matchAll(INLINE)) {
    if (tag!.toLowerCase() === 'style') styles.add(sha256(body!));
    else if (!/\bsrc\s*=/i.test(attributes!)) scripts.add(sha256(body!));
  }
  if (scripts.size === 0 && styles.size === 0) return policy;
  return policy
    .split(';')
    .map((directive) => {
      const name = directive.trim().split(/\s+/)[0];
      const extra = name === 'script-src' ? scripts : name === 'style-src' ? styles : undefined;
      return extra && extra.size > 0 ? `${directive.trim()} ${[...extra].join(' ')}` : directive.trim();
    })
    .join(';');
}

function htmlOf(reply: FastifyReply, payload: unknown): string | undefined {
  const type = reply.getHeader('content-type');
  if (typeof type !== 'string' || !/^text\/html\b/i.test(type)) return undefined;
  if (typeof payload === 'string') return payload;
  if (Buffer.isBuffer(payload)) return payload.toString('utf8');
  return undefined;
}

export const securityHeaders = shared(async (app: FastifyInstance) => {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    const policy = reply.getHeader(CSP_HEADER);
    const html = typeof policy === 'string' ? htmlOf(reply, payload) : undefined;
    if (html !== undefined) reply.header(CSP_HEADER, withInlineHashes(policy as string, html));
    return payload;
  });
});
