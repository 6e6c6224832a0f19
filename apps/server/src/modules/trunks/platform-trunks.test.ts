import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { refusingUasXml, type SippUas, startSippUas } from '../../voice/calls/fixtures/sipp-uas';

const UAS_MEDIA = join(import.meta.dirname, '../../../../../e2e/sip/scenarios/uas-media.xml');

/** Platform trunks (no tenant) on real calls: sipp is the platform's carrier and a tenant's (PGlite). */
describe('platform trunks', () => {
  let t: TestIris;
  let ops: string;
  let platformTrunkId: string;
  const dir = mkdtempSync(join(tmpdir(), 'iris-platform-trunks-'));
  const sipps: SippUas[] = [];
  const sippOutput = () => sipps.map((sipp) => `sipp ${sipp.port}: ${sipp.output().slice(-400)}`).join('\n');

  beforeAll(async () => {
    const rtpMin = 44_000 + 2 * Math.floor(Math.random() * 400);
    t = await startTestIris('pglite', {
      IRIS_ROLES: 'api,worker,voice',
      SIP_HOST: '127.0.0.1',
      SIP_PORT: '0',
      RTP_PORT_MIN: String(rtpMin),
      RTP_PORT_MAX: String(rtpMin + 200),
    });
    const admin = await t.signup('Platform Ops');
    await t.iris.database.executeSql('update users set is_platform_admin = true where id = $1', [
      admin.userId,
    ]);
    const login = await t.request('/v1/auth/login', {
      body: { email: admin.email, password: admin.password },
    });
    ops = login.body.accessToken;
  }, 60_000);
  afterAll(async () => {
    for (const sipp of sipps) sipp.child.kill('SIGKILL');
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is managed by platform admins only, and its credentials never reach a tenant', async () => {
    const platform = await startSippUas({ dir, name: 'platform', scenario: UAS_MEDIA, calls: 2 });
    sipps.push(platform);
    const created = await t.request('/v1/admin/voice/trunks', {
      token: ops,
      body: {
        name: 'platform carrier',
        host: '127.0.0.1',
        port: platform.port,
        auth: 'digest',
        username: 'platformsipuser',
        password: 'platform sip secret',
        cpsLimit: 50,
        costPerMinute: { amountMicros: 6000, currency: 'usd' },
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('platform sip secret');
    platformTrunkId = created.body.id;
    const list = await t.request('/v1/admin/voice/trunks', { token: ops });
    expect(list.body.data.map((trunk: { id: string }) => trunk.id)).toEqual([platformTrunkId]);
    expect((await t.request(`/v1/admin/voice/trunks/${platformTrunkId}`, { token: ops })).body).toMatchObject(
      {
        name: 'platform carrier',
        costPerMinute: { amountMicros: 6000, currency: 'USD' },
      },
    );

    const tenant = await t.signup('No Trunks Co');
    expect((await t.request('/v1/admin/voice/trunks', { token: tenant.token })).status).toBe(403);
    expect(
      (await t.request('/v1/admin/voice/trunks', { token: tenant.token, body: { name: 'x' } })).status,
    ).toBe(403);
    const own = await t.request('/v1/voice/trunks', { token: tenant.token });
    expect(own.body.data).toEqual([]);
    expect((await t.request(`/v1/voice/trunks/${platformTrunkId}`, { token: tenant.token })).status).toBe(
      404,
    );
    expect(
      (await t.request(`/v1/voice/trunks/${platformTrunkId}`, { token: tenant.token, method: 'DELETE' }))
        .status,
    ).toBe(404);
  });

  it('carries the calls of a tenant without trunks', async () => {
    const tenant = await t.signup('Platform Caller Co');
    const created = await t.request('/v1/calls', {
      token: tenant.token,
      body: {
        from: '+15550001111',
        to: '+15550003333',
        verbs: [{ verb: 'pause', length: 1 }, { verb: 'hangup' }],
      },
    });
    expect(created.status).toBe(201);
    const cdr = await waitFor(
      async () => {
        const call = await t.request(`/v1/calls/${created.body.id}`, { token: tenant.token });
        // On a timeout, say what the far ends (sipp) printed: an exited sipp explains a call stuck initiated.
        expect(call.body.status, sippOutput()).toBe('completed');
        return call.body;
      },
      { timeoutMs: 30_000 },
    );
    expect(cdr.trunkId).toBe(platformTrunkId);
    expect(cdr.attempts.map((a: { trunkId: string; sipCode: number }) => [a.trunkId, a.sipCode])).toEqual([
      [platformTrunkId, 200],
    ]);
    expect(cdr.price).toMatchObject({ currency: 'USD' });
  }, 60_000);

  it("tries the tenant's own trunks first, then fails over to the platform's", async () => {
    const tenant = await t.signup('Own Trunk Co');
    const refusing = await startSippUas({
      dir,
      name: 'own',
      scenario: refusingUasXml(503, 'Service Unavailable'),
    });
    sipps.push(refusing);
    // The tenant's trunk is dearer than the platform's: still tried first.
    const own = await t.request('/v1/voice/trunks', {
      token: tenant.token,
      body: {
        name: 'own carrier',
        host: '127.0.0.1',
        port: refusing.port,
        cpsLimit: 50,
        costPerMinute: { amountMicros: 90_000, currency: 'USD' },
      },
    });
    expect(own.status).toBe(201);
    const created = await t.request('/v1/calls', {
      token: tenant.token,
      body: { from: '+15550001111', to: '+15550004444', verbs: [{ verb: 'hangup' }] },
    });
    const cdr = await waitFor(
      async () => {
        const call = await t.request(`/v1/calls/${created.body.id}`, { token: tenant.token });
        // On a timeout, say what the far ends (sipp) printed: an exited sipp explains a call stuck initiated.
        expect(call.body.status, sippOutput()).toBe('completed');
        return call.body;
      },
      { timeoutMs: 30_000 },
    );
    expect(cdr.attempts.map((a: { trunkId: string; sipCode: number }) => [a.trunkId, a.sipCode])).toEqual([
      [own.body.id, 503],
      [platformTrunkId, 200],
    ]);
    expect(
      (await t.request(`/v1/admin/voice/trunks/${platformTrunkId}`, { token: ops, method: 'DELETE' })).status,
    ).toBe(204);
    expect((await t.request(`/v1/admin/voice/trunks/${platformTrunkId}`, { token: ops })).status).toBe(404);
  }, 60_000);
});
