// Inbound to agent: an agent's WebSocket is connected to /v1/realtime; N inbound SMS are posted
// through the sandbox device path (C at a time); for each, the time from the POST to the agent's
// `conversation.message_created` frame for that message (it was routed to the agent's round-robin
// team and assigned to them on the way). Prints p50/p99/max and writes bench/results/.
// Usage: tsx inbound-to-agent/index.ts [messages=200] [concurrency=4]   (DATABASE_URL set: PostgreSQL)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../apps/server/src/config';
import { startIris } from '../../apps/server/src/main';
import { connectRealtime } from '../../apps/server/src/modules/realtime/realtime-test-client';
import { createLogger } from '../../apps/server/src/platform/logging/logger';
import { createPostgresDatabase } from '../../apps/server/src/testing/test-database';
import { profilePhase } from '../lib/profile';
import { printTable, writeResult } from '../lib/report';

const messages = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 4);
const databaseUrl = process.env.DATABASE_URL;

const dataDir = mkdtempSync(join(tmpdir(), 'iris-bench-inbound-'));
// On PostgreSQL: a database of its own, dropped afterwards (DATABASE_URL is the server to use).
const pg = databaseUrl ? await createPostgresDatabase() : undefined;
const iris = await startIris({
  config: loadConfig({
    PORT: '0',
    IRIS_DATA_DIR: dataDir,
    IRIS_ROLES: 'api,worker',
    DATABASE_URL: pg?.url,
    NATS_URL: databaseUrl ? process.env.NATS_URL : undefined,
    REDIS_URL: databaseUrl ? process.env.REDIS_URL : undefined,
    RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
  }),
  logger: createLogger({ level: 'silent' }),
});
const base = iris.http!.url;
const call = async (path: string, token: string | undefined, body?: unknown, method?: string) => {
  const response = await fetch(`${base}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: bench reads JSON of every shape
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
};

let failed = false;
try {
  const admin = (
    await call('/v1/auth/signup', undefined, {
      tenantName: 'Bench',
      name: 'Bench',
      email: `bench${Date.now()}@bench.test`,
      password: 'bench password 1',
    })
  ).body;
  await iris.database.executeSql(
    `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000}}' where id = $1`,
    [admin.tenant.id],
  );
  await call('/v1/invitations', admin.accessToken, { email: 'agent@bench.test', role: 'agent' });
  const mail = (await call('/v1/notifications', admin.accessToken)).body.data[0];
  const invitation = /token=([\w.-]+)/.exec(mail.text)![1];
  const agent = (
    await call('/v1/auth/accept-invitation', undefined, {
      token: invitation,
      name: 'Agent',
      password: 'agent password 1',
    })
  ).body;
  const team = (
    await call('/v1/teams', admin.accessToken, {
      name: 'Bench',
      assignmentMode: 'round_robin',
      channels: ['sms'],
    })
  ).body;
  const member = await call(
    `/v1/teams/${team.id}/members/${agent.user.id}`,
    admin.accessToken,
    { maxConversations: 10_000 },
    'PUT',
  );
  if (member.status !== 200) throw new Error(`team member: ${member.status} ${JSON.stringify(member.body)}`);
  const phone = (await call('/v1/numbers', admin.accessToken)).body.data.find(
    (n: { kind: string }) => n.kind === 'phone_number',
  ).address;

  const socket = await connectRealtime(base, agent.accessToken);
  await socket.next((f) => f.type === 'presence.snapshot');

  const latencies: number[] = [];
  const afterResponse: number[] = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < messages) {
      const i = next++;
      const t0 = performance.now();
      const sent = await call('/v1/sandbox/inbound', admin.accessToken, {
        channel: 'sms',
        from: `+1415${String(2_000_000 + i).padStart(7, '0')}`,
        to: phone,
        body: `bench ${i}`,
      });
      if (sent.status !== 201) throw new Error(`inbound ${i}: ${sent.status} ${JSON.stringify(sent.body)}`);
      const t1 = performance.now();
      await socket.next(
        (f) => f.type === 'conversation.message_created' && f.data.messageId === sent.body.id,
        60_000,
      );
      latencies.push(performance.now() - t0);
      afterResponse.push(performance.now() - t1);
    }
  }
  await profilePhase(
    `inbound-to-agent (${databaseUrl ? 'postgres' : 'pglite'})`,
    process.pid,
    () => Promise.all(Array.from({ length: concurrency }, worker)),
    () => messages,
  );
  const seconds = (performance.now() - started) / 1000;
  await socket.close();

  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number, values = sorted) =>
    values[Math.min(values.length - 1, Math.floor(q * values.length))]!;
  const realtimeOnly = [...afterResponse].sort((a, b) => a - b);
  const figures = {
    messages,
    concurrency,
    database: databaseUrl ? 'postgres' : 'pglite',
    p50Ms: Math.round(at(0.5)),
    p90Ms: Math.round(at(0.9)),
    p99Ms: Math.round(at(0.99)),
    maxMs: Math.round(sorted.at(-1)!),
    /** From the POST's response (the inbound transaction committed) to the frame: the realtime part. */
    afterCommitP50Ms: Math.round(at(0.5, realtimeOnly)),
    afterCommitP99Ms: Math.round(at(0.99, realtimeOnly)),
    messagesPerSecond: Math.round(messages / seconds),
    ok: latencies.length === messages,
  };
  failed = !figures.ok;
  printTable(
    `inbound → agent's WebSocket: ${messages} SMS, ${concurrency} at a time, on ${figures.database}`,
    [
      {
        p50: `${figures.p50Ms} ms`,
        p90: `${figures.p90Ms} ms`,
        p99: `${figures.p99Ms} ms`,
        max: `${figures.maxMs} ms`,
        'after commit p50': `${figures.afterCommitP50Ms} ms`,
        'after commit p99': `${figures.afterCommitP99Ms} ms`,
        'msg/s': figures.messagesPerSecond,
      },
    ],
  );
  writeResult('inbound-to-agent', figures);
} finally {
  await iris.stop();
  await pg?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
if (failed) {
  console.error('FAILED: a message never reached the agent');
  process.exit(1);
}
