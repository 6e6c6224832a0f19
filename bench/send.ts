// Send throughput: POST /v1/messages accepted per second with p50/p95/p99 at fixed concurrency; end
// to end from accept to the Twilio fake's receipt through the real Twilio adapter; and the same
// database's own limit, a raw insert-plus-enqueue loop with the same driver, for the ratio.
// Runs on the embedded default and, when DATABASE_URL is set, on PostgreSQL too.
// Usage: tsx send.ts [seconds=10] [connections=20] [e2eMessages=1000]   (SEND_ON=postgres|pglite: one only)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTwilioFake } from '@iris/fakes';
import autocannon from 'autocannon';
import { openDatabase } from '../apps/server/src/platform/db/database';
import { createPostgresDatabase } from '../apps/server/src/testing/test-database';
import { freePort, startProcess, stop, waitUntilUp } from './lib/processes';
import { profilePhase } from './lib/profile';
import { printTable, writeResult } from './lib/report';
import { rawInsertAndEnqueue } from './send-raw';

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 20);
const e2eMessages = Number(process.argv[4] ?? 1000);
const IRIS_BIN = new URL('../apps/server/bin/iris.js', import.meta.url).pathname;
const FROM = '+12015550100';

type Json = Record<string, unknown> & { accessToken?: string; key?: string; tenant?: { id: string } };

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const round = (n: number) => Math.round(n * 10) / 10;

function latencies(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
  };
}

/** A tenant allowed to send without the per-minute limit, with an API key and a Twilio-hosted number. */
async function prepareTenant(base: string) {
  const call = (path: string, body: unknown, token?: string, method = 'POST') =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    }).then(async (r) => {
      const json = (await r.json()) as Json;
      if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
      return json;
    });
  const owner = await call('/v1/auth/signup', {
    tenantName: 'Bench',
    name: 'Bench',
    email: 'bench@bench.test',
    password: 'bench password 1',
  });
  const ops = await call('/v1/auth/login', { email: 'ops@bench.test', password: 'bench password 1' });
  await call(
    `/v1/admin/tenants/${owner.tenant!.id}`,
    { rateLimits: { send: 100_000_000, write: 100_000_000, read: 100_000_000 } },
    ops.accessToken,
    'PATCH',
  );
  await call(
    '/v1/numbers',
    { kind: 'phone_number', address: FROM, capabilities: ['sms'], provider: 'twilio-bench' },
    owner.accessToken,
  );
  const key = await call(
    '/v1/api-keys',
    { name: 'bench', scopes: ['read', 'messages:write'] },
    owner.accessToken,
  );
  return key.key as string;
}

/** Accepted throughput: autocannon at fixed concurrency, every response's latency kept. */
async function measureAccepted(base: string, key: string) {
  const times: number[] = [];
  let accepted = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${base}/v1/messages`,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ channel: 'sms', from: FROM, to: '+12015550199', body: 'bench' }),
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode === 201 || statusCode === 202) accepted++;
    });
  });
  return {
    accepted,
    acceptedPerSecond: Math.round(accepted / seconds),
    ...latencies(times),
    errors: result.errors + result.non2xx,
  };
}

const sentToFake = (fake: Awaited<ReturnType<typeof startTwilioFake>>) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json')).length;

/** Waits until the fake has every message the accepted phase queued; their send rate once accepting stopped. */
async function waitForBacklog(fake: Awaited<ReturnType<typeof startTwilioFake>>, accepted: number) {
  const started = Date.now();
  const before = sentToFake(fake);
  const deadline = started + 10 * 60_000;
  // The fake records requests in memory and emits nothing to await: poll it.
  while (sentToFake(fake) < accepted) {
    if (Date.now() > deadline) throw new Error('the accepted backlog did not drain in 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  return {
    backlog: accepted - before,
    seconds: round(seconds),
    sentPerSecond: seconds > 0 ? Math.round((accepted - before) / seconds) : 0,
  };
}

/** End to end: each message to its own number, timed from our accept to the fake's receipt. */
async function measureEndToEnd(base: string, key: string, fake: Awaited<ReturnType<typeof startTwilioFake>>) {
  const acceptedAt = new Map<string, number>();
  const before = fake.requests.length;
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < e2eMessages) {
        const to = `+1201600${String(next++).padStart(4, '0')}`;
        const response = await fetch(`${base}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ channel: 'sms', from: FROM, to, body: 'bench' }),
        });
        await response.arrayBuffer();
        if (response.ok) acceptedAt.set(to, Date.now());
      }
    }),
  );
  const deadline = Date.now() + 10 * 60_000;
  const received = () =>
    fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json'));
  while (new Set(received().map((r) => new URLSearchParams(r.body).get('To'))).size < acceptedAt.size) {
    if (Date.now() > deadline)
      throw new Error('end to end: not every accepted message reached the fake in 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const firstReceipt = new Map<string, number>();
  for (const r of received()) {
    const to = new URLSearchParams(r.body).get('To')!;
    if (!firstReceipt.has(to)) firstReceipt.set(to, r.at);
  }
  const lastReceipt = Math.max(...firstReceipt.values());
  const durations = [...acceptedAt].map(([to, at]) => firstReceipt.get(to)! - at);
  return {
    messages: acceptedAt.size,
    endToEndPerSecond: Math.round(acceptedAt.size / ((lastReceipt - started) / 1000)),
    ...latencies(durations),
    providerRequests: received().length,
  };
}

async function runOn(database: 'pglite' | 'postgres') {
  const dataDir = mkdtempSync(join(tmpdir(), 'iris-bench-send-'));
  const pg = database === 'postgres' ? await createPostgresDatabase() : undefined;
  const databaseUrl = pg?.url ?? '';
  const fake = await startTwilioFake({ outcome: 'none' });
  const port = await freePort();
  const env = {
    IRIS_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    PORT: String(port),
    MESSAGING_PROVIDERS: JSON.stringify([
      { id: 'twilio-bench', kind: 'sms', provider: 'twilio', credentials: fake.credentials },
    ]),
    MESSAGING_ROUTES: JSON.stringify([{ kind: 'sms', providers: ['twilio-bench'] }]),
    MESSAGING_RATES: JSON.stringify({ 'twilio-bench': { currency: 'USD', defaultMicros: 7900 } }),
  };
  execFileSync(
    process.execPath,
    [
      IRIS_BIN,
      'create-admin',
      '--email',
      'ops@bench.test',
      '--name',
      'Ops',
      '--password',
      'bench password 1',
    ],
    { env: { ...process.env, ...env }, stdio: 'ignore' },
  );
  const iris = startProcess(process.execPath, [IRIS_BIN, 'start', '--roles', 'api,worker'], env);
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/health`, 60_000);
    const key = await prepareTenant(base);
    const accepted = await profilePhase(
      `send accepted (${database})`,
      iris.pid!,
      () => measureAccepted(base, key),
      (r) => r.accepted,
    );
    // The accepted phase leaves a backlog; end to end starts once the worker has sent all of it (else
    // it would time the backlog too). Draining it is itself a measure of the send pipeline alone.
    const drain = await waitForBacklog(fake, accepted.accepted);
    const endToEnd = await profilePhase(
      `send end to end (${database})`,
      iris.pid!,
      () => measureEndToEnd(base, key, fake),
      (r) => r.messages,
    );
    await stop(iris);
    // The database's own limit, with IRIS stopped: the same insert and outbox enqueue, no HTTP.
    const rawDatabase = await openDatabase(pg ? { url: databaseUrl, poolSize: 10 } : { dataDir });
    const raw = await profilePhase(
      `send raw insert + enqueue (${database})`,
      process.pid,
      () => rawInsertAndEnqueue({ database: rawDatabase, seconds, connections }),
      (r) => r.transactions,
    );
    return {
      database,
      accepted,
      drain,
      endToEnd,
      raw,
      ratio: Number((accepted.acceptedPerSecond / raw.perSecond).toFixed(2)),
    };
  } finally {
    await stop(iris);
    await fake.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// SEND_ON=postgres (or pglite) runs one database only: for quick before/after comparisons.
const only = process.env.SEND_ON;
const runs = [];
if (only !== 'postgres') runs.push(await runOn('pglite'));
if (process.env.DATABASE_URL && only !== 'pglite') runs.push(await runOn('postgres'));
printTable(
  `send: accepted over ${seconds}s at ${connections} connections; end to end ${e2eMessages} messages`,
  [
    ...runs.map((r) => ({
      measure: `accepted (${r.database})`,
      perSecond: r.accepted.acceptedPerSecond,
      p50Ms: r.accepted.p50Ms,
      p95Ms: r.accepted.p95Ms,
      p99Ms: r.accepted.p99Ms,
      errors: r.accepted.errors,
    })),
    ...runs.map((r) => ({
      measure: `end to end to the Twilio fake (${r.database})`,
      perSecond: r.endToEnd.endToEndPerSecond,
      p50Ms: r.endToEnd.p50Ms,
      p95Ms: r.endToEnd.p95Ms,
      p99Ms: r.endToEnd.p99Ms,
    })),
    ...runs.map((r) => ({
      measure: `send backlog after accepting (${r.database}): ${r.drain.backlog} left`,
      perSecond: r.drain.sentPerSecond,
    })),
    ...runs.map((r) => ({ measure: `raw insert + enqueue (${r.database})`, perSecond: r.raw.perSecond })),
    ...runs.map((r) => ({ measure: `ratio accepted / raw (${r.database})`, perSecond: r.ratio })),
  ],
);
writeResult('send', { seconds, connections, e2eMessages, runs });
