// HTTP overhead: an authenticated IRIS GET (API key, rate limit, tenant lookup, Hono, logging,
// metrics) and GET /health against a bare node:http hello on the same machine, in the same run.
// Usage: npm run bench:http -w bench [-- seconds connections]

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort, startProcess, stop, waitUntilUp } from './lib/processes';
import { profilePhase } from './lib/profile';
import { printTable, writeResult } from './lib/report';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);
const BARE = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json' }); s.end('{"status":"ok"}'); }).listen(Number(process.env.PORT), '127.0.0.1')`;

async function load(url: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const barePort = await freePort();
const irisPort = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'iris-bench-'));
const IRIS_BIN = new URL('../apps/server/bin/iris.js', import.meta.url).pathname;
// A platform admin, created before start as an operator would, to lift the bench tenant's read limit.
execFileSync(
  process.execPath,
  [IRIS_BIN, 'create-admin', '--email', 'ops@bench.test', '--name', 'Ops', '--password', 'bench password 1'],
  {
    env: { ...process.env, IRIS_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
    stdio: 'ignore',
  },
);
const bare = startProcess(process.execPath, ['-e', BARE], { PORT: String(barePort) });
const iris = startProcess(process.execPath, [IRIS_BIN, 'start', '--roles', 'api'], {
  PORT: String(irisPort),
  IRIS_DATA_DIR: dataDir,
  DATABASE_URL: '',
  LOG_LEVEL: 'info',
});

type Json = Record<string, { id?: string } & Record<string, unknown>> & {
  accessToken?: string;
  key?: string;
};

/** A tenant with an API key whose read limit will not turn the benchmark into a 429 benchmark. */
async function apiKeyWithoutLimits(base: string) {
  const call = (path: string, body: unknown, token?: string, method = 'POST') =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<Json>);
  const tenant = await call('/v1/auth/signup', {
    tenantName: 'Bench',
    name: 'Bench',
    email: 'bench@bench.test',
    password: 'bench password 1',
  });
  const ops = await call('/v1/auth/login', { email: 'ops@bench.test', password: 'bench password 1' });
  await call(
    `/v1/admin/tenants/${tenant.tenant!.id}`,
    { rateLimits: { read: 100_000_000 } },
    ops.accessToken,
    'PATCH',
  );
  const key = await call('/v1/api-keys', { name: 'bench', scopes: ['read'] }, tenant.accessToken);
  return key.key as string;
}
try {
  await Promise.all([
    waitUntilUp(`http://127.0.0.1:${barePort}/`),
    waitUntilUp(`http://127.0.0.1:${irisPort}/health`),
  ]);
  const baseline = await load(`http://127.0.0.1:${barePort}/`);
  const key = await apiKeyWithoutLimits(`http://127.0.0.1:${irisPort}`);
  const authenticated = await profilePhase(
    'http authenticated GET /v1/auth/me (pglite)',
    iris.pid!,
    () => load(`http://127.0.0.1:${irisPort}/v1/auth/me`, { authorization: `Bearer ${key}` }),
    (r) => r.requestsPerSecond * seconds,
  );
  const health = await profilePhase(
    'http GET /health',
    iris.pid!,
    () => load(`http://127.0.0.1:${irisPort}/health`),
    (r) => r.requestsPerSecond * seconds,
  );
  const ratio = Number((authenticated.requestsPerSecond / baseline.requestsPerSecond).toFixed(2));
  printTable(`http: ${seconds}s at ${connections} connections`, [
    { server: 'bare node:http', ...baseline },
    { server: 'IRIS GET /v1/auth/me (API key)', ...authenticated },
    { server: 'IRIS GET /health (no auth)', ...health },
    { server: 'ratio authenticated IRIS / bare', requestsPerSecond: ratio },
  ]);
  writeResult('http', { seconds, connections, baseline, authenticated, health, ratio });
} finally {
  await Promise.all([stop(bare), stop(iris)]);
  rmSync(dataDir, { recursive: true, force: true });
}
