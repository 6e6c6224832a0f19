import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { startIris } from '../../main';
import { openDatabase } from '../../platform/db/database';
import { exitOf, spawnTs, waitForLine } from '../../testing/child-process';
import { type FakeHttpSms, startFakeHttpSms } from '../../testing/fixtures/http-sms/fake-http-sms';
import { createHttpSmsProvider } from '../../testing/fixtures/http-sms/http-sms.adapter';
import { freePort } from '../../testing/fixtures/http-sms/start-routed-iris';
import { createPostgresDatabase, databaseKinds } from '../../testing/test-database';
import { silentLogger } from '../../testing/test-logger';
import { waitFor } from '../../testing/wait-for';

describe.each(databaseKinds())('a send worker SIGKILLed twice on %s', (kind) => {
  // The acceptance scale (1,000) on PostgreSQL; the single-connection embedded database runs the
  // same scenario at 400, which keeps the suite's longest test from dominating CI.
  const MESSAGES = kind === 'postgres' ? 1000 : 400;
  let fake: FakeHttpSms;
  let dataDir: string;
  let pg: Awaited<ReturnType<typeof createPostgresDatabase>> | undefined;
  let port: number;

  beforeAll(async () => {
    fake = await startFakeHttpSms();
    // Every send takes a little while, so the kills land mid-send.
    fake.inject({ kind: 'latency', ms: 15 }, { times: 1_000_000 });
    dataDir = mkdtempSync(join(tmpdir(), 'iris-crash-'));
    pg = kind === 'postgres' ? await createPostgresDatabase() : undefined;
    port = await freePort();
  });
  afterAll(async () => {
    await fake?.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Accepts the messages through the API of an api-only IRIS (no worker yet), then stops it. */
  async function acceptMessages() {
    const config = loadConfig({
      PORT: String(port),
      IRIS_DATA_DIR: dataDir,
      DATABASE_URL: pg?.url,
      IRIS_ROLES: 'api',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
    });
    const iris = await startIris({
      config,
      logger: silentLogger,
      messaging: { providers: [createHttpSmsProvider('fake', fake.credentials)] },
    });
    const url = iris.http!.url;
    const post = async (path: string, body: unknown, token?: string) => {
      const response = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      const signup = await post('/v1/auth/signup', {
        tenantName: 'Crash Co',
        name: 'A',
        email: 'crash@crash.test',
        password: 'a long password 1',
      });
      const token = signup.body.accessToken as string;
      await iris.database.executeSql(
        `update tenants set settings = '{"rateLimits":{"write":100000,"send":100000}}' where id = $1`,
        [(signup.body.tenant as { id: string }).id],
      );
      const number = await post(
        '/v1/numbers',
        { kind: 'phone_number', address: '+12015550177', capabilities: ['sms'], provider: 'fake' },
        token,
      );
      expect(number.status).toBe(201);
      const ids: string[] = [];
      for (let batch = 0; batch < MESSAGES / 50; batch++) {
        const responses = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            post(
              '/v1/messages',
              { channel: 'sms', from: '+12015550177', to: '+14155550100', body: `m${batch * 50 + i}` },
              token,
            ),
          ),
        );
        for (const r of responses) {
          expect(r.status).toBe(201);
          ids.push(r.body.id as string);
        }
      }
      return ids;
    } finally {
      await iris.stop();
    }
  }

  const worker = () =>
    spawnTs('src/testing/fixtures/http-sms/routed-worker.ts', {
      env: {
        FIXTURE_PORT: String(port),
        FIXTURE_DATA_DIR: dataDir,
        FIXTURE_DATABASE_URL: pg?.url,
        FIXTURE_PROVIDER_URL: fake.url,
      },
    });

  it('ends every message in exactly one terminal state, each accepted once by the provider', async () => {
    const started = Date.now();
    const ids = await acceptMessages();
    expect(new Set(ids).size).toBe(MESSAGES);
    const accepted = Date.now();

    for (const killAt of [MESSAGES * 0.2, MESSAGES * 0.5]) {
      const child = worker();
      await waitForLine(child, /^READY$/, 30_000);
      await waitFor(async () => expect(fake.accepted.size).toBeGreaterThanOrEqual(killAt), {
        timeoutMs: 150_000,
      });
      child.kill('SIGKILL');
      expect((await exitOf(child)).signal).toBe('SIGKILL');
    }
    const last = worker();
    const restarted = Date.now();
    await waitForLine(last, new RegExp(`^TERMINAL ${MESSAGES}$`), 240_000);
    console.info(
      `${kind}: accepted ${MESSAGES} in ${accepted - started} ms; two kills after ${restarted - accepted} ms; all terminal ${Date.now() - restarted} ms after the last restart`,
    );
    await fake.settled();
    last.kill('SIGTERM');
    expect((await exitOf(last)).code).toBe(0);

    const database = await openDatabase({ url: pg?.url, dataDir: pg ? undefined : dataDir });
    try {
      const { rows } = await database.executeSql(
        "select id, status, provider_message_id, history from messages where direction = 'outbound'",
      );
      expect(rows).toHaveLength(MESSAGES);
      const terminal = ['delivered', 'undelivered', 'failed'];
      for (const row of rows) {
        const history = row.history as { status: string }[];
        expect(history.filter((h) => terminal.includes(h.status))).toHaveLength(1);
        expect(row.status).toBe('delivered');
        // The id the provider gave the first time is the one we stored: repeats were recognised.
        expect(row.provider_message_id).toBe(fake.accepted.get(row.id as string));
      }
      expect(fake.accepted.size).toBe(MESSAGES);
      const sentEvents = await database.executeSql(
        "select data->'message'->>'id' as id, count(*)::int as n from events where type = 'message.sent' group by 1 having count(*) > 1",
      );
      expect(sentEvents.rows).toEqual([]);
      const requests = fake.requests.filter((r) => r.path === '/messages');
      const resent = new Set(fake.duplicates);
      // Figures for the report: sends the provider saw, and repeats its idempotency key suppressed.
      console.info(
        `${kind}: ${requests.length} send requests for ${MESSAGES} messages; ${fake.duplicates.length} repeats (${resent.size} messages) suppressed by the idempotency key`,
      );
      expect(requests.length).toBe(MESSAGES + fake.duplicates.length);
    } finally {
      await database.close();
    }
  }, 600_000);
});
