import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleFromSchema } from '../testing/example-from-schema';
import { databaseKinds } from '../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../testing/test-iris';

/**
 * Routes anyone may call, each for a reason. Every other route must refuse a request without
 * credentials — a route added without a guard fails this suite until it is guarded or listed here.
 */
const PUBLIC_ROUTES: Record<string, string> = {
  'GET /health': 'liveness probe',
  'GET /ready': 'readiness probe',
  'GET /metrics': 'Prometheus scrape (bind HOST to a private address in production)',
  'GET /v1/openapi.json': 'the public API description',
  'GET /docs': 'the API reference page',
  'GET /docs/assets/:file': 'the API reference assets',
  'POST /v1/auth/signup': 'creates a new tenant',
  'POST /v1/auth/login': 'takes credentials',
  'POST /v1/auth/refresh': 'takes the refresh cookie',
  'POST /v1/auth/logout': 'takes the refresh cookie',
  'POST /v1/auth/password-reset': 'takes an email',
  'POST /v1/auth/password-reset/confirm': 'takes the emailed token',
  'POST /v1/auth/accept-invitation': 'takes the emailed token',
  'POST /hooks/sms/:provider/status': "provider status callbacks: verified by the provider's signature",
  'POST /hooks/sms/:provider/inbound': "provider inbound messages: verified by the provider's signature",
  'POST /hooks/email/:provider/status': "provider status callbacks: verified by the provider's signature",
  'POST /hooks/email/:provider/inbound': "provider inbound messages: verified by the provider's signature",
  'POST /hooks/whatsapp/:provider/status': "provider status callbacks: verified by the provider's signature",
  'POST /hooks/whatsapp/:provider/inbound': "provider inbound messages: verified by the provider's signature",
  'POST /hooks/chat/:provider/status': "provider status callbacks: verified by the provider's signature",
  'POST /hooks/chat/:provider/inbound': "provider inbound messages: verified by the provider's signature",
};

type Route = { method: string; path: string };

describe.each(databaseKinds())('cross-tenant sweep on %s', (kind) => {
  let t: TestIris;
  let routes: Route[];
  let spec: Json;
  let a: Awaited<ReturnType<TestIris['signup']>>;
  let b: Awaited<ReturnType<TestIris['signup']>>;
  let bKey: string;
  /** Everything of tenant A's that B must never see or touch. */
  const aIds = new Set<string>();
  const aSecrets: string[] = [];

  beforeAll(async () => {
    // Private webhook URLs allowed: A's endpoint points at the loopback discard port, so nothing leaves.
    t = await startTestIris(kind, { IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true' });
    const seen = new Set<string>();
    routes = t.iris
      .api!.routes.filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, path: r.path }))
      .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
    spec = (await t.request('/v1/openapi.json')).body;

    a = await t.signup('Tenant Alpha');
    b = await t.signup('Tenant Bravo');
    for (const tenant of [a, b]) {
      await t.iris.database.executeSql(
        `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000}}' where id = $1`,
        [tenant.tenantId],
      );
    }
    // Seed A with one of everything, through the API.
    const key = await t.request('/v1/api-keys', { token: a.token, body: { name: 'alpha key' } });
    const invitation = await t.request('/v1/invitations', {
      token: a.token,
      body: { email: 'alpha.agent@alpha.test', role: 'agent' },
    });
    const second = await t.request('/v1/invitations', {
      token: a.token,
      body: { email: 'alpha.sup@alpha.test', role: 'supervisor' },
    });
    const mail = (await t.request('/v1/notifications', { token: a.token })).body.data.find(
      (n: { toEmail: string }) => n.toEmail === 'alpha.sup@alpha.test',
    );
    const token = /token=([\w.-]+)/.exec(mail.text)![1]!;
    const agent = await t.request('/v1/auth/accept-invitation', {
      body: { token, name: 'Alpha Sup', password: 'alpha password 1' },
    });
    const hook = await t.request('/v1/webhooks', {
      token: a.token,
      body: { url: 'http://127.0.0.1:9/alpha', events: ['call.*'] },
    });
    const ping = await t.request(`/v1/webhooks/${hook.body.id}/test`, { method: 'POST', token: a.token });
    // Messaging: A's sandbox senders, a message to a simulator phone, the phone's STOP (an inbound and an opt-out).
    const aNumbers = (await t.request('/v1/numbers', { token: a.token })).body.data;
    const aPhone = aNumbers.find((n: { kind: string }) => n.kind === 'phone_number').address;
    const sms = await t.request('/v1/messages', {
      token: a.token,
      body: { channel: 'sms', to: '+14155550111', body: 'alpha secret text' },
    });
    const stop = await t.request('/v1/sandbox/inbound', {
      token: a.token,
      body: { channel: 'sms', from: '+14155550112', to: aPhone, body: 'STOP' },
    });
    const devices = (await t.request('/v1/sandbox/devices', { token: a.token })).body.data;
    const optOuts = (await t.request('/v1/opt-outs', { token: a.token })).body.data;
    const rule = await t.request('/v1/routing-rules', {
      token: a.token,
      body: { kind: 'sms', providers: ['sandbox'] },
    });
    for (const row of [...aNumbers, sms.body, stop.body, ...devices, ...optOuts, rule.body]) aIds.add(row.id);
    aSecrets.push(aPhone, 'alpha secret text');
    const audit = (await t.request('/v1/audit-log', { token: a.token })).body.data;
    const notifications = (await t.request('/v1/notifications', { token: a.token })).body.data;
    for (const id of [
      a.tenantId,
      a.userId,
      key.body.id,
      invitation.body.id,
      second.body.id,
      agent.body.user.id,
      hook.body.id,
      ping.body.eventId,
    ])
      aIds.add(id);
    for (const row of [...audit, ...notifications]) aIds.add(row.id);
    aSecrets.push(a.email, 'alpha.agent@alpha.test', 'Tenant Alpha', 'alpha key', key.body.key.split('.')[1]);

    bKey = (
      await t.request('/v1/api-keys', {
        token: b.token,
        body: { name: 'bravo admin key', scopes: ['admin'] },
      })
    ).body.key;
  });
  afterAll(() => t?.close());

  const leaks = (body: Json, except?: string) => {
    const { instance: _instance, ...rest } = (body ?? {}) as Record<string, unknown>;
    const text = JSON.stringify(rest);
    return [...aIds, ...aSecrets].filter((value) => value !== except && text.includes(value));
  };

  function bodyFor(route: Route): unknown {
    const openapiPath = route.path.replace(/:(\w+)/g, '{$1}');
    const operation = spec.paths[openapiPath]?.[route.method.toLowerCase()];
    const schema = operation?.requestBody?.content?.['application/json']?.schema;
    return schema ? exampleFromSchema(schema, spec.components?.schemas ?? {}) : undefined;
  }

  it('finds the routes in the router', () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  it('refuses every non-public route without credentials', async () => {
    const open: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.path}`;
      if (name in PUBLIC_ROUTES) continue;
      const path = route.path.replace(/:(\w+)/g, 'x');
      const response = await t.request(path, { method: route.method, body: bodyFor(route) });
      if (response.status !== 401) open.push(`${name} → ${response.status}`);
    }
    expect(open).toEqual([]);
  });

  it("gives tenant B 404 (or 403 on platform routes) and no data for every one of tenant A's ids", async () => {
    const failures: string[] = [];
    const withParams = routes.filter(
      (r) => /:\w+/.test(r.path) && !(`${r.method} ${r.path}` in PUBLIC_ROUTES),
    );
    expect(withParams.length).toBeGreaterThan(5);
    for (const route of withParams) {
      const expected = route.path.startsWith('/v1/admin') ? 403 : 404;
      for (const id of aIds) {
        for (const credential of [b.token, bKey]) {
          const path = route.path.replace(/:(\w+)/g, id);
          const response = await t.request(path, {
            method: route.method,
            token: credential,
            body: bodyFor(route),
          });
          const leaked = leaks(response.body, id);
          if (response.status !== expected || leaked.length > 0) {
            failures.push(
              `${route.method} ${path} → ${response.status} ${leaked.length ? `leaks ${leaked.join(', ')}` : ''}`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("never shows tenant B any of tenant A's data on routes without ids", async () => {
    const failures: string[] = [];
    const withoutParams = routes.filter(
      (r) => !/:\w+/.test(r.path) && !(`${r.method} ${r.path}` in PUBLIC_ROUTES),
    );
    for (const route of withoutParams) {
      for (const credential of [b.token, bKey]) {
        const response = await t.request(route.path, {
          method: route.method,
          token: credential,
          body: bodyFor(route),
        });
        const leaked = leaks(response.body);
        if (leaked.length > 0 || response.status >= 500)
          failures.push(`${route.method} ${route.path} → ${response.status} ${leaked.join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("still lets tenant A reach its own resources (the sweep's ids are real)", async () => {
    const [keyId] = [...aIds].filter((id) => id.startsWith('key_'));
    expect((await t.request(`/v1/api-keys/${keyId}`, { token: a.token })).status).toBe(200);
  });
});
