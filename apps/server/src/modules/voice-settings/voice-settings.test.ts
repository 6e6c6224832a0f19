import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';

describe.each(databaseKinds())('voice settings API on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Voice Settings Co');
  }, 60_000);
  afterAll(() => t?.close());

  const put = (body: unknown, token = admin.token) =>
    t.request('/v1/voice/settings', { token, method: 'PUT', body });

  it('starts with Twilio signatures on and recordings kept forever', async () => {
    const got = await t.request('/v1/voice/settings', { token: admin.token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ twilioSignature: true, recordingRetentionDays: null });
  });

  it('merges changes into settings.voice only, and null retention clears it', async () => {
    // Another part of the settings (a platform admin's rate limits) must survive voice changes.
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"send":42}}' where id = $1`,
      [admin.tenantId],
    );
    expect((await put({ recordingRetentionDays: 90 })).body).toEqual({
      twilioSignature: true,
      recordingRetentionDays: 90,
    });
    expect((await put({ twilioSignature: false })).body).toEqual({
      twilioSignature: false,
      recordingRetentionDays: 90,
    });
    expect((await t.request('/v1/voice/settings', { token: admin.token })).body).toEqual({
      twilioSignature: false,
      recordingRetentionDays: 90,
    });
    const stored = await t.iris.database.executeSql('select settings from tenants where id = $1', [
      admin.tenantId,
    ]);
    expect(stored.rows[0]!.settings).toEqual({
      rateLimits: { send: 42 },
      voice: { twilioSignature: false, recordingRetentionDays: 90 },
    });
    expect((await put({ recordingRetentionDays: null, twilioSignature: true })).body).toEqual({
      twilioSignature: true,
      recordingRetentionDays: null,
    });
    const audit = await t.request('/v1/audit-log', { token: admin.token });
    expect(audit.body.data.some((e: { action: string }) => e.action === 'voice_settings.updated')).toBe(true);
  });

  it('refuses bad values as problem+json, and callers below tenant_admin', async () => {
    for (const body of [
      { recordingRetentionDays: 0 },
      { recordingRetentionDays: 1.5 },
      { twilioSignature: 'yes' },
    ]) {
      const response = await put(body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    const key = await t.request('/v1/api-keys', {
      token: admin.token,
      body: { name: 'reader', scopes: ['read'] },
    });
    expect((await put({ twilioSignature: false }, key.body.key)).status).toBe(403);
    expect((await t.request('/v1/voice/settings', { token: key.body.key })).status).toBe(200);
    expect((await t.request('/v1/voice/settings')).status).toBe(401);
  });
});
