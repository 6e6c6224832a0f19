import { startTwilioFake, type TwilioFake } from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/fixtures/http-sms/start-routed-iris';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';

describe.each(databaseKinds())('tenant-owned providers (/v1/providers) on %s', (kind) => {
  let t: TestIris;
  let twilio: TwilioFake;
  let a: Awaited<ReturnType<TestIris['signup']>>;
  let b: Awaited<ReturnType<TestIris['signup']>>;
  let instance: Json;
  let publicUrl: string;
  const as =
    (token: string) =>
    (path: string, options: { method?: string; body?: unknown } = {}) =>
      t.request(path, { ...options, token });

  beforeAll(async () => {
    twilio = await startTwilioFake();
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    t = await startTestIris(kind, { PORT: String(port), PUBLIC_URL: publicUrl });
    a = await t.signup('Provider Alpha');
    b = await t.signup('Provider Bravo');
    for (const tenant of [a, b])
      await t.iris.database.executeSql(
        `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
        [tenant.tenantId],
      );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
  });

  it('lists every provider module with its credentials schema as JSON Schema and its secret fields', async () => {
    const { status, body } = await as(a.token)('/v1/providers/catalog');
    expect(status).toBe(200);
    const entry = body.data.find((e: Json) => e.kind === 'sms' && e.provider === 'twilio');
    expect(entry).toMatchObject({
      displayName: 'Twilio',
      docsUrl: 'docs/providers/twilio.md',
      tenantOwnable: true,
    });
    expect(entry.secretFields).toEqual(['authToken', 'apiKeySecret']);
    expect(entry.credentialsSchema.required).toEqual(['accountSid', 'authToken']);
    expect(entry.credentialsSchema.properties.authToken).toMatchObject({
      writeOnly: true,
      format: 'password',
    });
    expect(entry.credentialsSchema.properties.accountSid.pattern).toBe('^AC[0-9a-zA-Z]{32}$');
    expect(entry.credentialsSchema.properties.baseUrl).toMatchObject({
      format: 'uri',
      default: 'https://api.twilio.com',
    });
    const kinds = new Set(body.data.map((e: Json) => e.kind));
    expect([...kinds].sort()).toEqual(['chat', 'email', 'sms', 'whatsapp']);
  });

  it('refuses credentials the provider schema refuses, naming the field', async () => {
    const { status, body, headers } = await as(a.token)('/v1/providers', {
      body: {
        kind: 'sms',
        provider: 'twilio',
        name: 'Bad',
        credentials: { accountSid: 'nope', authToken: '' },
      },
    });
    expect(status).toBe(422);
    expect(headers.get('content-type')).toContain('application/problem+json');
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: Json) => e.path).sort()).toEqual([
      'credentials.accountSid',
      'credentials.authToken',
    ]);
    const unknown = await as(a.token)('/v1/providers', {
      body: { kind: 'sms', provider: 'sandbox', name: 'Mine', credentials: {} },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('provider');
  });

  it('stores a Twilio account encrypted and never echoes its secret', async () => {
    const created = await as(a.token)('/v1/providers', {
      body: { kind: 'sms', provider: 'twilio', name: 'Our Twilio', credentials: twilio.credentials },
    });
    expect(created.status).toBe(201);
    instance = created.body;
    expect(instance.id).toMatch(/^t_/);
    expect(instance).toMatchObject({ kind: 'sms', provider: 'twilio', owner: 'tenant', name: 'Our Twilio' });
    expect(instance.credentials.accountSid).toBe(twilio.credentials.accountSid);
    expect(instance.credentials.authToken).toBe(`••••${twilio.credentials.authToken.slice(-4)}`);
    expect(instance.health).toMatchObject({ state: 'closed', failures: 0, lastSuccessAt: null });
    const { rows } = await t.iris.database.executeSql(
      'select credentials_encrypted from provider_instances where id = $1',
      [instance.id],
    );
    expect((rows[0] as Json).credentials_encrypted).toMatch(/^v1\./);
    expect(JSON.stringify(rows)).not.toContain(twilio.credentials.authToken);
    for (const path of ['/v1/providers', `/v1/providers/${instance.id}`]) {
      const read = await as(a.token)(path);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read.body)).not.toContain(twilio.credentials.authToken);
    }
    const list = (await as(a.token)('/v1/providers')).body.data as Json[];
    expect(list.find((p) => p.id === 'sandbox' && p.kind === 'sms')).toMatchObject({
      owner: 'platform',
      credentials: null,
    });
    expect(list.find((p) => p.id === instance.id)).toMatchObject({
      owner: 'tenant',
      last24h: { sent: 0, failed: 0 },
    });
  });

  it('keeps a secret on update unless it is replaced, and validates the result', async () => {
    const call = as(a.token);
    const renamed = await call(`/v1/providers/${instance.id}`, {
      method: 'PATCH',
      body: { name: 'Renamed', credentials: { authToken: instance.credentials.authToken } },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Renamed');
    expect(renamed.body.credentials.authToken).toBe(instance.credentials.authToken);
    const bad = await call(`/v1/providers/${instance.id}`, {
      method: 'PATCH',
      body: { credentials: { baseUrl: 'not a url' } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('credentials.baseUrl');
    const tested = await call(`/v1/providers/${instance.id}/test`, { method: 'POST' });
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, checked: 'validation' });
  });

  it('routes the tenant’s message through its own instance and takes the signed delivery callback at its hook path', async () => {
    const call = as(a.token);
    const number = await call('/v1/numbers', {
      body: { kind: 'phone_number', address: '+15005550006', capabilities: ['sms'], provider: instance.id },
    });
    expect(number.status).toBe(201);
    const rule = await call('/v1/routing-rules', { body: { kind: 'sms', providers: [instance.id] } });
    expect(rule.status).toBe(201);
    const sent = await call('/v1/messages', {
      body: { channel: 'sms', from: '+15005550006', to: '+14155550123', body: 'through our own Twilio' },
    });
    expect(sent.status).toBe(201);
    // The fake posts Twilio's signed status callbacks to the StatusCallback the adapter asked for:
    // the tenant instance's own hook path.
    const delivered = await waitFor(async () => {
      const { body } = await call(`/v1/messages/${sent.body.id}`);
      expect(body.status).toBe('delivered');
      return body;
    });
    expect(delivered.provider).toBe(instance.id);
    expect(twilio.sent.get(delivered.providerMessageId)?.form.get('StatusCallback')).toBe(
      `${publicUrl}/hooks/sms/${instance.id}/status`,
    );
    const { rows } = await t.iris.database.executeSql(
      'select status from status_receipts where provider = $1 and provider_message_id = $2',
      [instance.id, delivered.providerMessageId],
    );
    expect(rows.map((r) => (r as Json).status)).toContain('delivered');
    const listed = (await call('/v1/providers')).body.data.find((p: Json) => p.id === instance.id);
    expect(listed.last24h).toEqual({ sent: 1, failed: 0 });
    expect(listed.health.lastSuccessAt).not.toBeNull();
    // A forged callback (wrong signing secret) at the same path is refused.
    const [forged] = await twilio.sendStatus(
      `${publicUrl}/hooks/sms/${instance.id}/status`,
      [{ messageSid: delivered.providerMessageId, status: 'failed' }],
      { badSignature: true },
    );
    expect(forged!.status).toBe(401);
  }, 60_000);

  it("keeps tenant B away from A's instance: not listed, not readable, not routable, not deletable", async () => {
    const call = as(b.token);
    const list = await call('/v1/providers');
    expect(list.body.data.some((p: Json) => p.id === instance.id)).toBe(false);
    for (const [method, path] of [
      ['GET', `/v1/providers/${instance.id}`],
      ['PATCH', `/v1/providers/${instance.id}`],
      ['DELETE', `/v1/providers/${instance.id}`],
      ['POST', `/v1/providers/${instance.id}/test`],
    ] as const) {
      const response = await call(path, { method, body: method === 'PATCH' ? { name: 'x' } : undefined });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const rule = await call('/v1/routing-rules', { body: { kind: 'sms', providers: [instance.id] } });
    expect(rule.status).toBe(422);
    const number = await call('/v1/numbers', {
      body: { kind: 'phone_number', address: '+15005550009', capabilities: ['sms'], provider: instance.id },
    });
    expect(number.status).toBe(422);
  });

  it('drops inbound messages its own account reports for a number of another tenant', async () => {
    const bNumber = (await as(b.token)('/v1/numbers')).body.data.find((n: Json) => n.kind === 'phone_number');
    const [response] = await twilio.sendInbound(`${publicUrl}/hooks/sms/${instance.id}/inbound`, {
      from: '+14155550199',
      to: bNumber.address,
      body: 'injected into B',
    });
    expect(response!.status).toBe(200);
    const bMessages = (await as(b.token)('/v1/messages')).body.data as Json[];
    expect(bMessages.some((m) => m.body === 'injected into B')).toBe(false);
  });

  it('removes an instance', async () => {
    const removed = await as(a.token)(`/v1/providers/${instance.id}`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
    expect((await as(a.token)(`/v1/providers/${instance.id}`)).status).toBe(404);
  });
});
