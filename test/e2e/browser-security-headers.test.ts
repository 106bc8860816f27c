/**
 * Security headers (api/plugins/security-headers.ts) as a browser meets them: the front desk and
 * /docs work under the Content-Security-Policy with no violation, another site cannot frame the
 * front desk, and a script injected into a page does not run. The app is served over real HTTP;
 * these pages need no Temporal (nothing here calls it).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../../api/server';
import { openClinicStore } from '../../dev/clinics';
import { createLogger } from '../../platform/logger';
import { launchBrowser, openPage } from '../support/browser';

jest.setTimeout(120_000);

const API_KEY = 'security-headers-test-key-0123456789';
let app: FastifyInstance;
let database: Awaited<ReturnType<typeof openClinicStore>>;
let baseUrl: string;
let browser: Browser;
let attacker: http.Server;
let attackerUrl: string;

beforeAll(async () => {
  database = await openClinicStore();
  app = await buildApp({
    // Only pages and refused requests are asked for: Temporal is never reached.
    temporalClient: {} as Client,
    clinics: database.store,
    access: database.access,
    config: { API_KEY, PUBLIC_BASE_URL: undefined, TWILIO_AUTH_TOKEN: undefined, TWILIO_WEBHOOK_AUTH_TOKEN: undefined, PHONE_HASH_KEY: undefined, API_RATE_LIMIT_PER_MINUTE: 1000 },
    logger: createLogger({ write: () => undefined }),
    frontDeskDir: path.join(__dirname, '..', '..', 'web'),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // Another site (another origin: localhost, not 127.0.0.1) that frames the front desk.
  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>x</title><iframe id="desk" src="${baseUrl}/"></iframe>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerUrl = `http://localhost:${(attacker.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
  await new Promise((resolve) => (attacker ? attacker.close(resolve) : resolve(undefined)));
});

/** A page that records every CSP violation it meets. */
async function watchedPage(): Promise<{ page: Page; violations: string[]; pageErrors: string[] }> {
  const { page, pageErrors } = await openPage(browser);
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
  // Runs in the page (a string: the test's own types know no DOM).
  await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => window.reportViolation(e.violatedDirective + ' ' + e.blockedURI))");
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return { page, violations, pageErrors };
}

describe('security headers', () => {
  it.each(['/', '/docs', '/api/enrollments', '/openapi.json', '/no-such-page'])('%s carries the CSP, no framing and no sniffing', async (url) => {
    const res = await fetch(`${baseUrl}${url}`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('the front desk renders under the policy: its modules and import map load, nothing is refused', async () => {
    const { page, violations, pageErrors } = await watchedPage();
    await page.goto(baseUrl);
    await page.waitForSelector('#app *');
    expect(await page.$$eval('#app *', (els) => els.length)).toBeGreaterThan(3);
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('/docs keeps its own style sheet under the policy', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(`${baseUrl}/docs`);
    // The page's inline style sets the body's width limit (62rem).
    expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('992px');
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('another site cannot frame the front desk', async () => {
    const { page } = await openPage(browser);
    await page.goto(attackerUrl);
    const frame = await (await page.waitForSelector('#desk')).contentFrame();
    // A refused frame is an error page: the front desk's #app never appears in it.
    expect(frame).not.toBeNull();
    await frame!.waitForLoadState().catch(() => undefined);
    expect(await frame!.$('#app')).toBeNull();
    await page.context().close();
  });

  it('an inline script added to the page does not run', async () => {
    const { page, violations } = await watchedPage();
    await page.goto(baseUrl);
    await page.waitForSelector('#app *');
    await page.evaluate("const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.append(s)");
    expect(await page.evaluate('window.injected === true')).toBe(false);
    expect(violations.some((v) => /script-src/.test(v))).toBe(true);
    await page.context().close();
  });
});
