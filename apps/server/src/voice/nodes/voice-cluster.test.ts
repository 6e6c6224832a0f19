import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { type Iris, startIris } from '../../main';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { silentLogger } from '../../testing/test-logger';
import { waitFor } from '../../testing/wait-for';
import { type SippUas, startSippUas } from '../calls/fixtures/sipp-uas';

const UAS_MEDIA = join(import.meta.dirname, '../../../../../e2e/sip/scenarios/uas-media.xml');
const rtpRange = (base: number) => {
  const min = base + 2 * Math.floor(Math.random() * 300);
  return { RTP_PORT_MIN: String(min), RTP_PORT_MAX: String(min + 200) };
};

/**
 * Three processes' worth of IRIS on one PostgreSQL database: A (api, worker, voice), B (api, worker,
 * no voice) and C (voice only). Place-call jobs go to voice nodes only; a voice node that stops
 * heartbeating has its calls ended by the other; the status lists every live voice node.
 */
describe.each(databaseKinds().filter((kind) => kind === 'postgres'))('voice cluster on %s', (kind) => {
  const secret = randomBytes(32).toString('base64url');
  const voiceEnv = {
    SIP_HOST: '127.0.0.1',
    SIP_PORT: '0',
    VOICE_HEARTBEAT_SECONDS: '1',
    VOICE_NODE_LOST_SECONDS: '3',
    IRIS_SECRET_KEY: secret,
  };
  let a: TestIris;
  let b: Awaited<ReturnType<typeof startNode>>;
  let c: Iris;
  const cDir = mkdtempSync(join(tmpdir(), 'iris-voice-c-'));
  const dir = mkdtempSync(join(tmpdir(), 'iris-voice-cluster-'));
  let sipp: SippUas;
  let admin: Awaited<ReturnType<TestIris['signup']>>;

  beforeAll(async () => {
    a = await startTestIris(kind, { IRIS_ROLES: 'api,worker,voice', ...voiceEnv, ...rtpRange(46_000) });
    b = await startNode(a.iris, { IRIS_ROLES: 'api,worker', IRIS_SECRET_KEY: secret });
    c = (await startNodeIris(a.iris, cDir, { IRIS_ROLES: 'voice', ...voiceEnv, ...rtpRange(48_000) })).iris;
    admin = await a.signup('Cluster Co');
    sipp = await startSippUas({ dir, name: 'carrier', scenario: UAS_MEDIA, calls: 4 });
    const trunk = await a.request('/v1/voice/trunks', {
      token: admin.token,
      body: { name: 'carrier', host: '127.0.0.1', port: sipp.port, prefixes: ['+1'], cpsLimit: 50 },
    });
    expect(trunk.status, JSON.stringify(trunk.body)).toBe(201);
  }, 90_000);
  afterAll(async () => {
    // Nodes first: their hang-ups reach a live sipp (a BYE to a dead one waits out its timer).
    await c?.stop();
    await b?.close();
    await a?.close();
    sipp?.child.kill('SIGKILL');
    rmSync(cDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  const place = (verbs: unknown[]) =>
    a.request('/v1/calls', {
      token: admin.token,
      body: { from: '+15550001111', to: '+15550002222', verbs },
    });

  it('runs place-call jobs only on voice nodes: no failed attempt on the worker without voice', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await place([{ verb: 'pause', length: 1 }, { verb: 'hangup' }]);
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    for (const id of ids)
      await waitFor(
        async () => {
          const call = await a.request(`/v1/calls/${id}`, { token: admin.token });
          expect(call.body.status).toBe('completed');
        },
        { timeoutMs: 30_000 },
      );
    const jobs = await a.iris.database.executeSql(
      `select state, retry_count from pgboss.job where name = 'voice.place-call'`,
    );
    expect(jobs.rows).toHaveLength(3);
    expect(jobs.rows.every((job) => job.state === 'completed' && job.retry_count === 0)).toBe(true);
    const nodes = await a.iris.database.executeSql('select node_id from calls where id = any($1)', [ids]);
    const voiceNodes = [a.iris.voice!.nodeId, c.voice!.nodeId];
    expect(nodes.rows.every((row) => voiceNodes.includes(row.node_id as string))).toBe(true);
  }, 60_000);

  it('lists every live voice node in the admin status', async () => {
    const ops = await a.signup('Platform Ops');
    await a.iris.database.executeSql('update users set is_platform_admin = true where id = $1', [ops.userId]);
    const login = await a.request('/v1/auth/login', { body: { email: ops.email, password: ops.password } });
    const status = await a.request('/v1/admin/voice/status', { token: login.body.accessToken });
    expect(status.status).toBe(200);
    const ids = status.body.nodes.map((node: { id: string }) => node.id).sort();
    expect(ids).toEqual([a.iris.voice!.nodeId, c.voice!.nodeId].sort());
    const other = status.body.nodes.find((node: { id: string }) => node.id === c.voice!.nodeId);
    expect(other.sip.map((s: { port: number }) => s.port)).toContain(c.voice!.sip.addresses()[0]!.port);
  });

  it('ends the calls of a voice node that stopped heartbeating (voice_node_lost, CDR, event)', async () => {
    const created = await place([{ verb: 'pause', length: 30 }]);
    const id = created.body.id as string;
    await waitFor(
      async () => {
        const call = await a.request(`/v1/calls/${id}`, { token: admin.token });
        expect(call.body.status).toBe('in-progress');
      },
      { timeoutMs: 30_000 },
    );
    const [row] = (await a.iris.database.executeSql('select node_id from calls where id = $1', [id])).rows;
    const carrier = row!.node_id === a.iris.voice!.nodeId ? a.iris : c;
    const survivor = carrier === c ? a.iris : c;
    await carrier.voice!.heartbeat!.beat(); // a beat while the call is up: the call started before it
    await carrier.voice!.heartbeat!.stop(); // as if the process froze: no beats, the call is still up
    const [node] = (
      await a.iris.database.executeSql('select last_seen_at from voice_nodes where id = $1', [row!.node_id])
    ).rows;
    const lastSeen = new Date(node!.last_seen_at as string);

    const cdr = await waitFor(
      async () => {
        const call = await a.request(`/v1/calls/${id}`, { token: admin.token });
        expect(call.body.status).toBe('completed');
        return call.body;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(cdr.errorCode).toBe('voice_node_lost');
    expect(new Date(cdr.endedAt).getTime()).toBe(lastSeen.getTime());
    expect(new Date(cdr.answeredAt).getTime()).toBeLessThan(lastSeen.getTime());
    expect(cdr.billableSeconds).toBe(
      Math.ceil((lastSeen.getTime() - new Date(cdr.answeredAt).getTime()) / 1000),
    );
    expect(cdr.durationSeconds).toEqual(expect.any(Number));
    const events = await a.iris.database.executeSql(
      `select type from events where tenant_id = $1 and data->'call'->>'id' = $2 order by id`,
      [admin.tenantId, id],
    );
    expect(events.rows.map((e) => e.type)).toContain('call.completed');
    // The lost node's row is gone; the survivor still beats.
    await waitFor(async () => {
      const left = await a.iris.database.executeSql('select id from voice_nodes');
      expect(left.rows.map((r) => r.id)).toEqual([survivor.voice!.nodeId]);
    });
  }, 60_000);
});

async function startNodeIris(first: Iris, dataDir: string, env: Record<string, string>) {
  const config = loadConfig({
    PORT: '0',
    IRIS_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: first.config.database.url,
    NATS_URL: first.config.natsUrl,
    REDIS_URL: first.config.redisUrl,
    ...env,
  });
  return { iris: await startIris({ config, logger: silentLogger }) };
}

async function startNode(first: Iris, env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'iris-node-'));
  const { iris } = await startNodeIris(first, dataDir, env);
  return {
    iris,
    close: async () => {
      await iris.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
