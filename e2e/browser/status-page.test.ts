import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../apps/server/src/config';
import { type Iris, startIris } from '../../apps/server/src/main';
import { createLogger } from '../../apps/server/src/platform/logging/logger';

const repoRoot = join(import.meta.dirname, '..', '..');
const webIndex = join(repoRoot, 'apps', 'web', 'dist', 'index.html');
const screenshots = join(import.meta.dirname, '..', 'screenshots');

// Debian's Chromium; Playwright's own browser downloads are not available here.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let temp: string;
let iris: Iris;
let baseUrl: string;
let browser: BrowserContext;

beforeAll(async () => {
  if (!existsSync(webIndex)) {
    throw new Error(`${webIndex} is missing: build the web app first with \`npm run build -w apps/web\``);
  }
  const tmpRoot = join(repoRoot, '.tmp');
  mkdirSync(tmpRoot, { recursive: true });
  temp = mkdtempSync(join(tmpRoot, 'e2e-status-page-'));
  mkdirSync(screenshots, { recursive: true });

  iris = await startIris({
    config: loadConfig({
      PORT: '0',
      IRIS_DATA_DIR: join(temp, 'data'),
      IRIS_ROLES: 'api,worker',
      LOG_LEVEL: 'silent',
    }),
    logger: createLogger({ level: 'silent' }),
  });
  baseUrl = iris.http!.url;
  const home = await fetch(`${baseUrl}/`, { headers: { accept: 'text/html' } });
  if (home.status !== 200 || !home.headers.get('content-type')?.startsWith('text/html')) {
    throw new Error(
      `GET / answered ${home.status} ${home.headers.get('content-type')}: the server must serve the web app ` +
        '(createWebApp from platform/http/web-app.ts, mounted last in apps/server/src/routes.ts)',
    );
  }

  // A persistent context is how Playwright takes a user-data dir: a fresh one in our temp folder.
  browser = await chromium.launchPersistentContext(join(temp, 'chromium-profile'), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  });
});

afterAll(async () => {
  await browser?.close();
  await iris?.stop();
  if (temp) rmSync(temp, { recursive: true, force: true });
});

/** Console errors and uncaught exceptions (a CSP violation shows up here too). */
const pageErrors: string[] = [];

async function openStatusPage(): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const response = await page.goto('/');
  expect(response?.status(), 'GET / must serve the web app (is it mounted in routes.ts?)').toBe(200);
  await page.getByText('All systems operational').waitFor();
  return page;
}

async function checkRow(page: Page, name: string): Promise<string> {
  return ((await page.locator(`li[data-check="${name}"]`).textContent()) ?? '').replace(/\s+/g, ' ');
}

describe('status page in Chromium', () => {
  it('shows database, jobs and bus as OK with their latency', async () => {
    const page = await openStatusPage();
    expect(await page.title()).toBe('System status · IRIS');
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe('System status');
    for (const [name, label] of [
      ['database', 'Database'],
      ['jobs', 'Job queue'],
      ['bus', 'Event bus'],
    ]) {
      const row = await checkRow(page, name ?? '');
      expect(row).toContain(label);
      expect(row).toContain('OK');
      expect(row).toMatch(/\d+ ms/);
    }
    expect(pageErrors).toEqual([]);
    await page.screenshot({
      path: join(screenshots, 'status-page.png'),
      fullPage: true,
      animations: 'disabled',
    });
    await page.close();
  });

  it('reaches the dark-mode toggle with the keyboard and remembers the choice', async () => {
    const page = await openStatusPage();
    let focused = '';
    for (let presses = 0; presses < 10 && focused !== 'Dark mode'; presses++) {
      await page.keyboard.press('Tab');
      focused = ((await page.locator(':focus').textContent()) ?? '').trim();
    }
    expect(focused).toBe('Dark mode');
    const toggle = page.getByRole('button', { name: 'Dark mode' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');

    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('html').getAttribute('class')).toContain('dark');
    await page.screenshot({
      path: join(screenshots, 'status-page-dark.png'),
      fullPage: true,
      animations: 'disabled',
    });

    await page.reload();
    await page.getByText('All systems operational').waitFor();
    expect(await page.locator('html').getAttribute('class')).toContain('dark');
    await page.getByRole('button', { name: 'Dark mode' }).click();
    expect(await page.locator('html').getAttribute('class')).not.toContain('dark');
    await page.close();
  });

  it('links to the API reference and the OpenAPI document', async () => {
    const page = await openStatusPage();
    await page
      .getByRole('main')
      .getByRole('link', { name: /^API reference/ })
      .click();
    await page.waitForURL('**/docs');
    await page.getByRole('heading', { name: /IRIS API/ }).waitFor();

    await page.goto('/');
    await page
      .getByRole('main')
      .getByRole('link', { name: /^OpenAPI document/ })
      .click();
    await page.waitForURL('**/v1/openapi.json');
    const spec = JSON.parse((await page.locator('body').textContent()) ?? '') as {
      openapi: string;
      info: { title: string };
    };
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info.title).toBe('IRIS API');
    await page.close();
  });

  it('fits a 360 px wide screen without sideways scrolling', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/');
    await page.getByText('All systems operational').waitFor();
    const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await page.screenshot({
      path: join(screenshots, 'status-page-360.png'),
      fullPage: true,
      animations: 'disabled',
    });
    await page.close();
  });

  it('answers deep links with the app and asks a visitor to sign in first', async () => {
    const page = await browser.newPage();
    const response = await page.goto('/admin/tenants');
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Sign in to IRIS' }).waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/admin/tenants');
    await page.screenshot({
      path: join(screenshots, 'deep-link-sign-in.png'),
      fullPage: true,
      animations: 'disabled',
    });

    await page.getByRole('contentinfo').getByRole('link', { name: 'System status' }).click();
    await page.getByText('All systems operational').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.close();
  });

  // Last: it stops the server (afterAll's stop() is then a no-op).
  it('says the server is unreachable once it stops, keeping the page usable', async () => {
    const page = await openStatusPage();
    await iris.stop();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText("Can't reach the IRIS server").waitFor();
    expect(await alert.textContent()).toContain('iris start');
    expect(await page.locator('li[data-check]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await page.screenshot({
      path: join(screenshots, 'status-page-unreachable.png'),
      fullPage: true,
      animations: 'disabled',
    });
    await page.close();
  });
});
