import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { type Iris, startIris } from '../main';
import { createPostgresDatabase, type DatabaseKind } from './test-database';
import { silentLogger } from './test-logger';

// biome-ignore lint/suspicious/noExplicitAny: tests read response JSON of every shape
export type Json = any;
export type Call = { status: number; body: Json; headers: Headers };
export type RequestOptions = {
  method?: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
};

/**
 * A real IRIS (api + worker) for API tests. On `postgres` it runs scaled-out: its own PostgreSQL
 * database, and NATS and Redis too whenever NATS_URL and REDIS_URL are set. On `pglite`: the
 * embedded default (in-process bus, memory rate limits).
 */
export async function startTestIris(kind: DatabaseKind, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'iris-test-'));
  const pg = kind === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = loadConfig({
    PORT: '0',
    IRIS_DATA_DIR: dataDir,
    IRIS_ROLES: 'api,worker',
    LOG_LEVEL: 'silent',
    DATABASE_URL: pg?.url,
    NATS_URL: kind === 'postgres' ? process.env.NATS_URL : undefined,
    REDIS_URL: kind === 'postgres' ? process.env.REDIS_URL : undefined,
    // Every test client comes from 127.0.0.1: the per-IP limit of public routes is tested on its own.
    RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
    ...env,
  });
  const iris = await startIris({ config, logger: silentLogger });
  return wrap(iris, async () => {
    await iris.stop();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
}

/** A second node on the same PostgreSQL database (and NATS/Redis), as in a scaled-out deployment. */
export async function startSecondNode(first: Iris, env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'iris-test-'));
  const config = loadConfig({
    PORT: '0',
    IRIS_DATA_DIR: dataDir,
    IRIS_ROLES: 'api',
    LOG_LEVEL: 'silent',
    DATABASE_URL: first.config.database.url,
    NATS_URL: first.config.natsUrl,
    REDIS_URL: first.config.redisUrl,
    IRIS_SECRET_KEY: env.IRIS_SECRET_KEY,
  });
  const iris = await startIris({ config, logger: silentLogger });
  return wrap(iris, async () => {
    await iris.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
}

function wrap(iris: Iris, close: () => Promise<void>) {
  const url = iris.http!.url;
  async function request(path: string, options: RequestOptions = {}): Promise<Call> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    // JSON answers parsed; anything else (an open pixel, a TwiML document) kept as text.
    const json = /json/.test(response.headers.get('content-type') ?? '');
    const body = text ? (json ? JSON.parse(text) : text) : null;
    return { status: response.status, body, headers: response.headers };
  }

  let counter = 0;
  /** Signs up a new tenant with its admin; returns the session and the refresh cookie. */
  async function signup(tenantName = `Tenant ${++counter}`) {
    const email = `admin${Date.now()}${++counter}@${tenantName.toLowerCase().replace(/\W/g, '')}.test`;
    const response = await request('/v1/auth/signup', {
      body: { tenantName, name: 'Admin', email, password: 'a long password 1' },
    });
    if (response.status !== 201) throw new Error(`signup failed: ${JSON.stringify(response.body)}`);
    return {
      token: response.body.accessToken as string,
      tenantId: response.body.tenant.id as string,
      userId: response.body.user.id as string,
      email,
      password: 'a long password 1',
      refreshCookie: refreshCookieOf(response.headers),
    };
  }

  return { iris, url, request, signup, close };
}

export function refreshCookieOf(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith('iris_refresh='));
  if (!cookie) throw new Error('no refresh cookie was set');
  return cookie.split(';')[0]!;
}

export type TestIris = Awaited<ReturnType<typeof startTestIris>>;
