import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startSippUas } from '../calls/fixtures/sipp-uas';
import { acquireRegistrationLease, releaseRegistrationLease } from './registration-lease';

const REGISTRAR = join(import.meta.dirname, 'fixtures/registrar-digest.xml');

/** A trunk registering with a carrier: sipp as a digest-challenging registrar (PGlite). */
describe('trunk registration', () => {
  let t: TestIris;
  const dir = mkdtempSync(join(tmpdir(), 'iris-trunk-reg-'));
  beforeAll(async () => {
    const rtpMin = 40_000 + 2 * Math.floor(Math.random() * 400);
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
      VOICE_HEARTBEAT_SECONDS: '1',
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('REGISTERs with digest auth, refreshes before expiry, reports the state, un-REGISTERs on delete', async () => {
    const admin = await t.signup('Registering Co');
    const registrar = await startSippUas({ dir, name: 'registrar', scenario: REGISTRAR });
    const created = await t.request('/v1/voice/trunks', {
      token: admin.token,
      body: {
        name: 'registered carrier',
        host: '127.0.0.1',
        port: registrar.port,
        registration: { username: 'iris-reg', password: 'reg-secret', expires: 120 },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('reg-secret');
    const id = created.body.id as string;
    const get = async () => (await t.request(`/v1/voice/trunks/${id}`, { token: admin.token })).body;

    // The registrar grants 3 s first: registered, expiring within seconds.
    const first = await waitFor(
      async () => {
        const trunk = await get();
        expect(trunk.registration, registrar.output()).toMatchObject({
          enabled: true,
          username: 'iris-reg',
          state: 'registered',
        });
        return trunk.registration;
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    expect(new Date(first.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3000);
    // Refreshed before those 3 s run out; the refresh's 200 grants an hour.
    await waitFor(
      async () => {
        const trunk = await get();
        expect(trunk.registration.state).toBe('registered');
        expect(new Date(trunk.registration.expiresAt).getTime() - Date.now()).toBeGreaterThan(3_000_000);
      },
      { timeoutMs: 20_000, intervalMs: 250 },
    );

    const ops = await t.signup('Platform Ops');
    await t.iris.database.executeSql('update users set is_platform_admin = true where id = $1', [ops.userId]);
    const login = await t.request('/v1/auth/login', { body: { email: ops.email, password: ops.password } });
    const status = await t.request('/v1/admin/voice/status', { token: login.body.accessToken });
    expect(status.body.trunkRegistrations).toEqual([
      expect.objectContaining({
        trunkId: id,
        tenantId: admin.tenantId,
        state: 'registered',
        nodeId: t.iris.voice!.nodeId,
      }),
    ]);

    expect((await t.request(`/v1/voice/trunks/${id}`, { token: admin.token, method: 'DELETE' })).status).toBe(
      204,
    );
    // sipp exits 0 only after the un-REGISTER with Expires: 0.
    expect(await registrar.exitCode(20_000), registrar.output()).toBe(0);
  }, 90_000);

  it('refuses a registration without credentials', async () => {
    const admin = await t.signup('No Creds Co');
    const created = await t.request('/v1/voice/trunks', {
      token: admin.token,
      body: { name: 'x', host: '127.0.0.1', registration: { enabled: true } },
    });
    expect(created.status).toBe(422);
  });
});

/** The lease that lets one voice node register a trunk, on the real database. */
describe.each(databaseKinds())('trunk registration lease on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await db.database.executeSql("insert into tenants (id, name) values ('ten_lease', 'Lease Co')");
    await db.database.executeSql(
      `insert into voice_trunks (id, tenant_id, name, preset, host, port, transport, auth, codecs, cps_limit, prefixes, cost_per_minute_micros, currency)
       values ('trk_lease', 'ten_lease', 'x', 'generic', 'h', 5060, 'udp', 'ip', '{PCMU}', 1, '{+}', 0, 'USD')`,
    );
  });
  afterAll(() => db?.dispose());

  it('is held by one node at a time, renewed by its holder, taken over once expired or released', async () => {
    const { db: drizzle } = db.database;
    expect(await acquireRegistrationLease(drizzle, 'trk_lease', 'node_a')).toBe(true);
    expect(await acquireRegistrationLease(drizzle, 'trk_lease', 'node_b')).toBe(false);
    expect(await acquireRegistrationLease(drizzle, 'trk_lease', 'node_a')).toBe(true);
    // node_a goes silent: its lease runs out.
    await db.database.executeSql(
      "update voice_trunk_registrations set lease_expires_at = now() - interval '1 second'",
    );
    expect(await acquireRegistrationLease(drizzle, 'trk_lease', 'node_b')).toBe(true);
    expect(await acquireRegistrationLease(drizzle, 'trk_lease', 'node_a')).toBe(false);
    await releaseRegistrationLease(drizzle, 'trk_lease', 'node_b', 'unregistered');
    expect(await acquireRegistrationLease(drizzle, 'trk_lease', 'node_a')).toBe(true);
  });
});
