import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHealthRoutes } from '../../modules/health/health.routes';
import { silentLogger } from '../../testing/test-logger';
import { createApiDocs } from './api-docs';
import { createHttpApp } from './create-app';
import { createMetrics } from './metrics';
import { createWebApp } from './web-app';

const INDEX = '<!doctype html><html><head><title>IRIS</title></head><body><div id="app"></div></body></html>';
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

let folder: string;
let distDir: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'iris-web-app-'));
  distDir = join(folder, 'dist');
  mkdirSync(join(distDir, 'assets'), { recursive: true });
  writeFileSync(join(folder, 'secret.txt'), 'outside the dist folder');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function writeBuild() {
  writeFileSync(join(distDir, 'index.html'), INDEX);
  writeFileSync(join(distDir, 'assets', 'index-Ab12Cd34.js'), 'console.log("app");');
  writeFileSync(join(distDir, 'assets', 'index-Ef56Gh78.css'), 'body{margin:0}');
  writeFileSync(join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

/**
 * The root app as routes.ts builds it (middleware, health, metrics, OpenAPI document, /docs), with
 * the web app mounted last.
 */
function buildServer() {
  const app = createHttpApp({ logger: silentLogger, metrics: createMetrics(), bodyLimitBytes: 1024 * 1024 });
  app.route('/', createHealthRoutes({ checks: { database: async () => {} }, isShuttingDown: () => false }));
  app.get('/metrics', (c) => c.text('# metrics'));
  app.doc31('/v1/openapi.json', { openapi: '3.1.0', info: { title: 'IRIS API', version: '1.0.0' } });
  app.route('/docs', createApiDocs({ specUrl: '/v1/openapi.json' }));
  app.route('/', createWebApp({ distDir }));
  return app;
}

describe('web app: built', () => {
  beforeEach(writeBuild);

  it('serves index.html at / with no-cache', async () => {
    const response = await buildServer().request('/', { headers: HTML });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(await response.text()).toBe(INDEX);
  });

  it('serves / even to a client that does not ask for HTML', async () => {
    const response = await buildServer().request('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
  });

  it('serves hashed assets with a long immutable cache and their content type', async () => {
    const app = buildServer();
    const script = await app.request('/assets/index-Ab12Cd34.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await script.text()).toBe('console.log("app");');

    const style = await app.request('/assets/index-Ef56Gh78.css');
    expect(style.headers.get('content-type')).toMatch(/^text\/css/);
    expect(style.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves unhashed files with a short cache', async () => {
    const response = await buildServer().request('/favicon.svg');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('answers HEAD like GET without a body', async () => {
    const response = await buildServer().request('/assets/index-Ab12Cd34.js', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String('console.log("app");'.length));
    expect(await response.text()).toBe('');
  });

  it('falls back to index.html for page navigations (history routing)', async () => {
    for (const path of ['/admin', '/agent/inbox', '/portal/numbers/num_123', '/index.html']) {
      const response = await buildServer().request(path, { headers: HTML });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control'), path).toBe('no-cache');
      expect(response.headers.get('vary'), path).toMatch(/accept/i);
      expect(await response.text(), path).toBe(INDEX);
    }
  });

  it('does not answer non-HTML requests for unknown paths with the app', async () => {
    const app = buildServer();
    const json = await app.request('/portal/numbers', { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(json.headers.get('content-type')).toBe('application/problem+json');

    const missingAsset = await app.request('/assets/index-gone.js', { headers: HTML });
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).toBe('application/problem+json');
  });

  it('leaves API paths to the API, even for browsers', async () => {
    const app = buildServer();
    for (const path of [
      '/v1/nothing',
      '/hooks/unknown',
      '/docs/nothing',
      '/health/x',
      '/ready/x',
      '/metrics/x',
    ]) {
      const response = await app.request(path, { headers: HTML });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type'), path).toBe('application/problem+json');
      expect(await response.json(), path).toMatchObject({ code: 'not_found', instance: path });
    }
    const health = await app.request('/health', { headers: HTML });
    expect(await health.json()).toEqual({ status: 'ok' });
    const docs = await app.request('/docs', { headers: HTML });
    expect(await docs.text()).toContain('IRIS API reference');
    const spec = await app.request('/v1/openapi.json', { headers: HTML });
    expect(spec.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('keeps 405 for API routes and 404 for other methods on app paths', async () => {
    const app = buildServer();
    const post = await app.request('/health', { method: 'POST', headers: HTML });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');

    for (const path of ['/', '/portal/numbers', '/assets/index-Ab12Cd34.js']) {
      const response = await app.request(path, { method: 'POST', headers: HTML });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('allow'), path).toBeNull();
    }
  });

  it('never serves files outside the dist folder', async () => {
    const app = buildServer();
    for (const path of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('outside the dist folder');
    }
  });
});

describe('web app: not built', () => {
  it('answers / with 503 problem+json saying how to build it', async () => {
    const response = await buildServer().request('/', { headers: HTML });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'https://iris.dev/problems/service-unavailable',
      title: 'Web app not built',
      status: 503,
      code: 'service_unavailable',
      detail: 'Run npm run build -w apps/web',
    });
    expect(body.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('answers page navigations with the same 503 and other requests with 404', async () => {
    const app = buildServer();
    const page = await app.request('/admin/tenants', { headers: HTML });
    expect(page.status).toBe(503);
    const asset = await app.request('/assets/index-Ab12Cd34.js');
    expect(asset.status).toBe(404);
    const health = await app.request('/health');
    expect(health.status).toBe(200);
  });

  it('serves the app as soon as it is built, without a restart', async () => {
    const app = buildServer();
    expect((await app.request('/')).status).toBe(503);
    writeBuild();
    const response = await app.request('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
  });
});

describe('web app: standalone', () => {
  it('works as a plain Hono app without the API in front', async () => {
    writeBuild();
    const web = createWebApp({ distDir });
    const response = await web.request('/agent', { headers: HTML });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(INDEX);
    const notBuilt = await createWebApp({ distDir: join(folder, 'nowhere') }).request('/');
    expect(notBuilt.status).toBe(503);
    expect(await notBuilt.json()).toMatchObject({ title: 'Web app not built', code: 'service_unavailable' });
  });
});
