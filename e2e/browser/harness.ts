import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../apps/server/src/config';
import { type Iris, startIris } from '../../apps/server/src/main';
import { createLogger } from '../../apps/server/src/platform/logging/logger';

const repoRoot = join(import.meta.dirname, '..', '..');
export const screenshotDir = join(import.meta.dirname, '..', 'screenshots');

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

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

export type Harness = { iris: Iris; baseUrl: string; browser: BrowserContext; stop(): Promise<void> };

/** A real IRIS on the embedded default (PGlite, in-process bus) serving the built web app, and Chromium. */
export async function startHarness(name: string): Promise<Harness> {
  if (!existsSync(join(repoRoot, 'apps', 'web', 'dist', 'index.html'))) {
    throw new Error('apps/web/dist is missing: build the web app first with `npm run build -w apps/web`');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  const tmpRoot = join(repoRoot, '.tmp');
  mkdirSync(tmpRoot, { recursive: true });
  mkdirSync(screenshotDir, { recursive: true });
  const temp = mkdtempSync(join(tmpRoot, `e2e-${name}-`));
  const iris = await startIris({
    config: loadConfig({
      PORT: '0',
      IRIS_DATA_DIR: join(temp, 'data'),
      IRIS_ROLES: 'api,worker',
      LOG_LEVEL: 'silent',
    }),
    logger: createLogger({ level: 'silent' }),
  });
  const baseUrl = iris.http!.url;
  const browser = await chromium.launchPersistentContext(join(temp, 'chromium-profile'), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    baseURL: baseUrl,
    viewport: DESKTOP,
    colorScheme: 'light',
  });
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  return {
    iris,
    baseUrl,
    browser,
    async stop() {
      await browser.close();
      await iris.stop();
      rmSync(temp, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe-core on the page and fails on any serious or critical violation. */
export async function expectAccessible(page: Page, label: string) {
  // Evaluated over CDP: the app's CSP (script-src 'self') rightly refuses inline <script> tags.
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  // A string, so this Node-side file needs no DOM types: it runs in the page.
  const violations = (await page.evaluate(
    'window.axe.run(document).then((r) => r.violations)',
  )) as AxeViolation[];
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${label}`).toEqual([]);
}

/**
 * Screenshots a page at desktop and phone widths into e2e/screenshots/, checks axe at both, and
 * that the phone layout has no sideways scrolling. Leaves the page at desktop size.
 */
export async function capturePage(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await expectAccessible(page, `${name} (desktop)`);
  await page.screenshot({
    path: join(screenshotDir, `${name}-desktop.png`),
    fullPage: true,
    animations: 'disabled',
  });
  await page.setViewportSize(PHONE);
  await expectAccessible(page, `${name} (phone)`);
  const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  expect(scrollWidth, `${name} fits 360 px`).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({
    path: join(screenshotDir, `${name}-phone.png`),
    fullPage: true,
    animations: 'disabled',
  });
  await page.setViewportSize(DESKTOP);
}
