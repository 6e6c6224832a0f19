import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Problem } from '../errors/problem';
import type { AppEnv } from './app-env';

/** Paths the API owns: never answered with the SPA, so their 404s stay problem+json. */
const API_PREFIXES = ['/v1', '/hooks', '/docs', '/health', '/ready', '/metrics'];

/** Vite writes content-hashed files here; a new build gets new names, so they can be cached forever. */
const HASHED_ASSETS = '/assets/';

const CACHE = {
  hashed: 'public, max-age=31536000, immutable',
  // Unhashed files (favicon…) may change with any build: revalidate often.
  other: 'public, max-age=3600',
  // index.html names the current hashed files, so the browser must always ask for it again.
  index: 'no-cache',
};

/**
 * The app document only loads its own files and talks to its own origin. Inline styles stay
 * allowed for Vue's style bindings; scripts do not (the theme pre-paint script is a file).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

function acceptsHtml(c: Context): boolean {
  return /\btext\/html\b/i.test(c.req.header('accept') ?? '');
}

/**
 * The built Vue app (apps/web/dist) as a Hono sub-app, mounted last at `/`. It only uses middleware
 * (method ALL), so it adds no GET route that would turn the API's 404s into 405s; anything it does
 * not serve falls through to the root app's not-found handler.
 */
export function createWebApp({ distDir }: { distDir: string }) {
  const root = resolve(distDir);
  const indexFile = join(root, 'index.html');
  // Created on first use: serveStatic complains on the console when its root does not exist yet.
  let servers: { file: MiddlewareHandler<AppEnv>; index: MiddlewareHandler<AppEnv> } | undefined;
  const getServers = () =>
    (servers ??= {
      file: serveStatic<AppEnv>({ root }),
      index: serveStatic<AppEnv>({ root, path: 'index.html' }),
    });

  const web = new Hono<AppEnv>();
  web.use('*', async (c, next) => {
    const { method, path } = c.req;
    if ((method !== 'GET' && method !== 'HEAD') || isApiPath(path)) return next();

    const built = existsSync(indexFile);
    if (!built) return path === '/' || acceptsHtml(c) ? notBuilt(c) : next();

    if (path !== '/' && path !== '/index.html') {
      let missing = false;
      const response = await getServers().file(c, async () => {
        missing = true;
      });
      if (!missing && response) {
        response.headers.set('cache-control', path.startsWith(HASHED_ASSETS) ? CACHE.hashed : CACHE.other);
        response.headers.set('x-content-type-options', 'nosniff');
        return response;
      }
      // A missing script or image is a 404, not the app; only page navigations get index.html.
      if (!acceptsHtml(c) || path.startsWith(HASHED_ASSETS)) return next();
    }

    let missing = false;
    const response = await getServers().index(c, async () => {
      missing = true;
    });
    if (missing || !response) return notBuilt(c);
    response.headers.set('cache-control', CACHE.index);
    response.headers.set('x-content-type-options', 'nosniff');
    response.headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
    response.headers.set('referrer-policy', 'strict-origin-when-cross-origin');
    response.headers.append('vary', 'accept');
    return response;
  });
  return web;
}

function notBuilt(c: Context<AppEnv>): Response {
  const problem = {
    type: 'https://iris.dev/problems/service-unavailable',
    title: 'Web app not built',
    status: 503,
    code: 'service_unavailable',
    detail: 'Run npm run build -w apps/web',
    instance: c.req.path,
    requestId: c.get('requestId'),
  } satisfies Problem;
  return c.body(JSON.stringify(problem), 503, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
  });
}
