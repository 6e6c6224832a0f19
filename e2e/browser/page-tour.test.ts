import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformAdmin } from '../../apps/server/src/modules/users/create-platform-admin';
import { DESKTOP, type Harness, PHONE, screenshotDir, startHarness } from './harness';

/**
 * Every page of the app, signed out, as a tenant admin and as a platform admin: each is opened,
 * left to settle, checked with axe (serious and critical violations fail) in light and dark mode,
 * checked for sideways scrolling at 360 px, and photographed at 1280 and 360 px into
 * e2e/screenshots/<page>-{desktop,phone}[-dark].png. The page list is read from the app itself: the
 * main navigation as each role sees it (apps/web/src/shared/routing/nav.ts) and every
 * sub-navigation a page shows, so new pages join the tour without editing it; only the sign-in
 * pages and the area roots are listed here.
 */
const PUBLIC_PATHS = [
  '/',
  '/login',
  '/signup',
  '/forgot-password',
  '/reset-password?token=tour',
  '/no-such-page',
];
const OWNER = { email: 'tour.owner@example.com', password: 'correct horse battery', name: 'Tess Tour' };
const ADMIN = { email: 'tour.admin@example.com', password: 'platform admin password', name: 'Pat Admin' };

// Each page is checked four times (light, dark × desktop, phone); on a busy machine that takes minutes.
const TOUR_TIMEOUT_MS = 15 * 60_000;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

let h: Harness;
let page: Page;
let token: string;
let templateId: string;
const visited = new Set<string>();
const problems: string[] = [];
const pageErrors: string[] = [];
const scripts: string[] = [];

beforeAll(async () => {
  h = await startHarness('page-tour');
  page = await h.browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().includes('Content Security Policy'))
      pageErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
});

afterAll(async () => {
  await h?.stop();
});

const nameOf = (path: string) => {
  // Ids vary per run: `/portal/email/templates/etpl_01…` is photographed as `…-templates-id`.
  const pathname = path.split('?')[0]!.replace(/\/[a-z]+_[0-9a-z]{16,}/g, '/id');
  return pathname === '/' ? 'status' : pathname.slice(1).replace(/[^a-z0-9]+/gi, '-');
};

async function api(path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') {
  const response = await fetch(`${h.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Settled: the page has its heading, nothing says "Loading…", and the network is quiet. */
async function settle() {
  const waitFor = (what: string, pending: Promise<unknown>) =>
    pending.catch((error: Error) => {
      throw new Error(`${what}: ${error.message.split('\n')[0]}`);
    });
  await waitFor('no <h1> in <main>', page.locator('main h1').first().waitFor());
  // Locators, not waitForFunction: the app's CSP (no 'unsafe-eval') refuses string predicates.
  await waitFor(
    'still "Loading…"',
    page.locator('main').getByText('Loading…').first().waitFor({ state: 'hidden' }),
  );
  await page.waitForLoadState('networkidle');
  await page.evaluate('document.fonts.ready.then(() => true)');
  // Colour transitions run after a theme switch: axe must see the final colours, not a blend.
  // Two frames first, so a transition the theme switch just caused has started and is listed.
  await page.evaluate(
    'new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))).then(() => Promise.all(document.getAnimations().map((a) => a.finished))).then(() => true)',
  );
}

async function runAxe(label: string) {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    'window.axe.run(document).then((r) => r.violations)',
  )) as AxeViolation[];
  for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical'))
    problems.push(
      `${label}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** The innermost elements that reach past the right edge, to say what to fix. */
async function overflowing() {
  return page.evaluate(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > ${PHONE.width} + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > ${PHONE.width} + 1))
    .slice(0, 5)
    .map((e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).slice(0, 4).join('.') : '') + ' (' + Math.round(e.getBoundingClientRect().right) + ' px)')
    .join(', ')`);
}

/** Light and dark, desktop and phone: axe, the 360 px overflow check and four screenshots. */
async function tour(path: string) {
  if (visited.has(path)) return;
  visited.add(path);
  // One broken page is reported with the rest, not allowed to hide them.
  try {
    await photograph(path);
  } catch (error) {
    problems.push(`${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

async function photograph(path: string) {
  const name = nameOf(path);
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(path);
  await settle();
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator(scheme === 'dark' ? 'html.dark' : 'html:not(.dark)').waitFor({ state: 'attached' });
    const suffix = scheme === 'dark' ? '-dark' : '';
    for (const [size, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await settle();
      await runAxe(`${path} (${scheme}, ${size})`);
      if (size === 'phone') {
        const width = (await page.evaluate('document.scrollingElement.scrollWidth')) as number;
        if (width > PHONE.width)
          problems.push(
            `${path} (${scheme}): ${width} px wide at 360 px, past the edge: ${await overflowing()}`,
          );
      }
      // Scrolled through once so that frames below the fold (the email preview) are painted.
      await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
      await page.evaluate(
        'new Promise((resolve) => requestAnimationFrame(() => resolve(window.scrollTo(0, 0))))',
      );
      await page.screenshot({
        path: join(screenshotDir, `${name}-${size}${suffix}.png`),
        fullPage: true,
        animations: 'disabled',
      });
    }
  }
  await page.setViewportSize(DESKTOP);
  await page.emulateMedia({ colorScheme: 'light' });
  // Tabs and other in-page navigation lead to more pages (e.g. Email → Domains, Templates, …).
  const more = (await page.evaluate(
    '[...document.querySelectorAll("main nav a[href]")].map((a) => a.getAttribute("href"))',
  )) as string[];
  for (const href of more) if (href.startsWith('/')) await tour(href);
}

/** The main navigation's links, as the signed-in role sees them. */
async function navigationPaths() {
  await page.goto('/portal');
  await page.locator('nav[aria-label="Main"] a[href]').first().waitFor();
  return (await page.evaluate(
    '[...document.querySelectorAll(\'nav[aria-label="Main"] a[href]\')].map((a) => a.getAttribute("href"))',
  )) as string[];
}

async function signIn(account: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
}

describe('page tour in Chromium', () => {
  it(
    'visits every public page; the login route does not load the template editor',
    async () => {
      for (const path of PUBLIC_PATHS) await tour(path);
      expect(scripts.some((s) => s.includes('template-editor'))).toBe(false);
    },
    TOUR_TIMEOUT_MS,
  );

  it(
    'visits every page a tenant admin can open, with a little data in them',
    async () => {
      const signup = await fetch(`${h.baseUrl}/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantName: 'Tour Rockets', ...OWNER }),
      });
      expect(signup.status).toBe(201);
      token = ((await signup.json()) as { accessToken: string }).accessToken;
      await api('/v1/messages', { channel: 'sms', to: '+16175550100', body: 'Hello from the page tour' });
      await api('/v1/api-keys', { name: 'Tour key' });
      const domain = await api('/v1/email/domains', { domain: 'mail.tour-rockets.test' });
      // The check asks real DNS, which this machine may not reach: either answer fills the records' states.
      await api(`/v1/email/domains/${domain.id}/verify`, {});
      await api('/v1/email/domains', { domain: 'news.tour-rockets.test', inbound: true });
      const template = await api('/v1/email/templates', {
        name: 'Welcome',
        category: 'onboarding',
        subject: 'Welcome, {{ first_name }}',
        html: '<h2>Welcome aboard</h2><p>Hello <strong>{{ first_name }}</strong>, your plan is {{ plan }}.</p><ul><li>Send</li><li>Receive</li></ul>',
        variables: [
          { name: 'first_name', required: true },
          { name: 'plan', defaultValue: 'Starter' },
        ],
        sampleData: { first_name: 'Ada' },
      });
      templateId = template.id;
      for (const address of ['bounced@example.com', 'complained@example.com', 'left@example.com'])
        await api('/v1/email/suppressions', { address, detail: 'added by the page tour' });

      await signIn(OWNER);
      const navigation = await navigationPaths();
      expect(navigation).toContain('/portal/email');
      const paths = [
        ...navigation,
        '/portal',
        '/agent',
        `/portal/email/templates/${templateId}`,
        '/forbidden', // what a role sees where it may not go
      ];
      for (const path of paths) await tour(path);
      expect(scripts.some((s) => s.includes('template-editor'))).toBe(true);
      // The editor rendered the seeded template through the server's preview.
      await page.goto(`/portal/email/templates/${templateId}`);
      await page.getByTestId('preview-subject').getByText('Welcome, Ada').waitFor();
      await page.setViewportSize(PHONE);
      await page
        .frameLocator('[data-testid="preview-html"]')
        .getByText('Hello Ada, your plan is Starter.')
        .waitFor();
      await page.setViewportSize(DESKTOP);
    },
    TOUR_TIMEOUT_MS,
  );

  it(
    'visits every platform admin page',
    async () => {
      await createPlatformAdmin({ db: h.iris.database.db, input: ADMIN });
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/login');
      await signIn(ADMIN);
      const navigation = await navigationPaths();
      expect(navigation).toContain('/admin/tenants');
      const paths = [...navigation, '/admin'];
      for (const path of paths) await tour(path);
      await page.goto('/admin/tenants');
      await page.getByRole('main').getByText('Tour Rockets', { exact: true }).first().waitFor();
      // Usage per tenant and month: the tour's text message counts for Tour Rockets.
      await page.goto('/admin/usage');
      await page
        .getByRole('main')
        .getByRole('listitem')
        .filter({ hasText: 'Tour Rockets' })
        .getByText(/^1 message \(1 segment\)/)
        .waitFor();
    },
    TOUR_TIMEOUT_MS,
  );

  it('found no serious accessibility problem, no sideways scrolling and no page error', () => {
    expect(visited.size).toBeGreaterThan(25);
    expect(problems).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
