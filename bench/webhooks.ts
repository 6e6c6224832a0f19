// Webhook delivery throughput: E events to N signed-verifying receivers on loopback, each endpoint
// capped at C concurrent requests. Checks every event reached every endpoint, every signature
// verified, and no endpoint ever saw more than its cap; exits 1 if not.
// Usage: tsx webhooks.ts [events=1000] [endpoints=5] [cap=10]   (DATABASE_URL set: PostgreSQL)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../apps/server/src/config';
import { startIris } from '../apps/server/src/main';
import { emitEvent } from '../apps/server/src/modules/events/emit-event';
import { createLogger } from '../apps/server/src/platform/logging/logger';
import { createPostgresDatabase } from '../apps/server/src/testing/test-database';
import { startWebhookReceiver } from '../apps/server/src/testing/webhook-receiver';
import { profilePhase } from './lib/profile';
import { printTable, writeResult } from './lib/report';

const events = Number(process.argv[2] ?? 1000);
const endpoints = Number(process.argv[3] ?? 5);
const cap = Number(process.argv[4] ?? 10);
const databaseUrl = process.env.DATABASE_URL;

const dataDir = mkdtempSync(join(tmpdir(), 'iris-bench-webhooks-'));
// On PostgreSQL: a database of its own, dropped afterwards (DATABASE_URL is the server to use).
const pg = databaseUrl ? await createPostgresDatabase() : undefined;
const iris = await startIris({
  config: loadConfig({
    PORT: '0',
    IRIS_DATA_DIR: dataDir,
    IRIS_ROLES: 'api,worker',
    DATABASE_URL: pg?.url,
    IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
    LOG_LEVEL: 'silent',
  }),
  logger: createLogger({ level: 'silent' }),
});
const secrets: string[] = [];
const receivers = await Promise.all(
  Array.from({ length: endpoints }, (_, i) => startWebhookReceiver({ secret: () => secrets[i]! })),
);
let failed = false;
try {
  const signup = await fetch(`${iris.http!.url}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenantName: 'Bench',
      name: 'Bench',
      email: `bench${Date.now()}@bench.test`,
      password: 'bench password 1',
    }),
  }).then((r) => r.json() as Promise<{ accessToken: string; tenant: { id: string } }>);
  for (const receiver of receivers) {
    const created = await fetch(`${iris.http!.url}/v1/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signup.accessToken}` },
      body: JSON.stringify({ url: receiver.url, events: ['agent.*'], maxConcurrency: cap }),
    }).then((r) => r.json() as Promise<{ secret: string }>);
    secrets.push(created.secret);
  }

  const started = performance.now();
  const ids = new Set<string>();
  let emittedMs = 0;
  await profilePhase(
    `webhooks ${events} events x ${endpoints} endpoints (${databaseUrl ? 'postgres' : 'pglite'})`,
    process.pid,
    async () => {
      for (let batch = 0; batch < events; batch += 500) {
        await iris.database.db.transaction(async (tx) => {
          for (let i = batch; i < Math.min(events, batch + 500); i++) {
            const event = await emitEvent({ jobs: iris.jobs }, tx, {
              tenantId: signup.tenant.id,
              type: 'agent.status_changed',
              data: { agent: { id: `agt_${i}`, status: 'available', previousStatus: 'offline' } },
            });
            ids.add(event.id);
          }
        });
      }
      emittedMs = performance.now() - started;
      await Promise.all(receivers.map((r) => r.waitFor(events, 30 * 60_000)));
    },
    () => events * endpoints,
  );
  const seconds = (performance.now() - started) / 1000;

  const rows = receivers.map((receiver, i) => {
    const unique = new Set(receiver.received.map((r) => r.id));
    const complete = unique.size === ids.size && [...ids].every((id) => unique.has(id));
    const verified = receiver.received.every((r) => r.verified);
    const withinCap = receiver.peak() <= cap;
    if (!complete || !verified || !withinCap) failed = true;
    return {
      endpoint: i + 1,
      received: receiver.received.length,
      unique: unique.size,
      peak: receiver.peak(),
      cap,
      allVerified: String(verified),
      complete: String(complete),
    };
  });
  const deliveries = events * endpoints;
  printTable(
    `webhooks: ${events} events x ${endpoints} endpoints on ${databaseUrl ? 'PostgreSQL' : 'PGlite (embedded)'}`,
    rows,
  );
  const figures = {
    events,
    endpoints,
    cap,
    database: databaseUrl ? 'postgres' : 'pglite',
    emitSeconds: emittedMs / 1000,
    totalSeconds: seconds,
    deliveriesPerSecond: Math.round(deliveries / seconds),
    ok: !failed,
  };
  console.log(
    `${deliveries} deliveries in ${seconds.toFixed(1)} s: ${figures.deliveriesPerSecond} deliveries/s (emitting took ${(emittedMs / 1000).toFixed(1)} s)`,
  );
  writeResult('webhooks', figures);
} finally {
  await Promise.all(receivers.map((r) => r.close()));
  await iris.stop();
  await pg?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
if (failed) {
  console.error('FAILED: an event was missing, a signature did not verify, or a cap was exceeded');
  process.exit(1);
}
