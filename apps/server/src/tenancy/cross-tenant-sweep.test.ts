import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAssignmentForSweep } from '../modules/assignment/assignment-sweep-seed';
import { seedVoiceForSweep } from '../modules/calls/voice-sweep-seed';
import { seedConferencesForSweep } from '../modules/conferences/conferences-sweep-seed';
import { seedInboxForSweep } from '../modules/conversations/inbox-sweep-seed';
import { seedEmailForSweep } from '../modules/email/testing/email-sweep-seed';
import { seedProvidersForSweep } from '../modules/providers/providers-sweep-seed';
import { seedWhatsAppForSweep } from '../modules/whatsapp/whatsapp-sweep-seed';
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
  'GET /hooks/sms/:provider/status': 'status reports by GET (MessageBird): verified by the signature',
  'GET /hooks/email/:provider/status': "status reports by GET: verified by the provider's signature",
  'GET /hooks/whatsapp/:provider/status': "status reports by GET: verified by the provider's signature",
  'GET /hooks/chat/:provider/status': "status reports by GET: verified by the provider's signature",
  'POST /hooks/sms/:provider/inbound': "provider inbound messages: verified by the provider's signature",
  'POST /hooks/email/:provider/status': "provider status callbacks: verified by the provider's signature",
  'POST /hooks/email/:provider/inbound': "provider inbound messages: verified by the provider's signature",
  'POST /hooks/whatsapp/:provider/status': "provider status callbacks: verified by the provider's signature",
  'POST /hooks/whatsapp/:provider/inbound': "provider inbound messages: verified by the provider's signature",
  'POST /hooks/chat/:provider/status': "provider status callbacks: verified by the provider's signature",
  'POST /hooks/chat/:provider/inbound': "provider inbound messages: verified by the provider's signature",
  'POST /hooks/email/:provider/events': "provider email events: verified by the provider's signature",
  'GET /t/o/:token': 'email open pixel: counts only for an HMAC-signed token, always answers the GIF',
  'GET /t/c/:token': 'email click redirect: only to the URL signed into the token (HMAC), else 404',
  'GET /t/u/:token': 'email unsubscribe page: HMAC-signed token, changes nothing',
  'POST /t/u/:token': 'RFC 8058 one-click unsubscribe: HMAC-signed token names the address',
  'POST /v1/social/webhook/slack': 'Slack events and interactivity: verified by the v0 signature',
  'POST /v1/social/webhook/discord': 'Discord interactions: verified by the Ed25519 signature',
  'POST /v1/social/webhook/teams': 'Teams activities: verified by the Bot Framework JWT',
  'POST /v1/social/webhook/telegram/:token': 'Telegram updates: verified by the secret token header',
  'GET /v1/whatsapp/webhook': "Meta's subscription handshake: answers only to the configured verify token",
  'POST /v1/whatsapp/webhook': 'Meta notifications: verified by X-Hub-Signature-256 (the app secret)',
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
    t = await startTestIris(kind, { IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true', EMAIL_DNS_SERVERS: '127.0.0.1:9' });
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
    // Chat: a Slack account of A's (on the sandbox chat provider) and a message sent from it.
    const chatAccount = await t.request('/v1/numbers', {
      token: a.token,
      body: {
        kind: 'channel_account',
        address: 'slack:TALPHA',
        capabilities: ['slack'],
        provider: 'sandbox',
      },
    });
    const chatMessage = await t.request('/v1/social/send', {
      token: a.token,
      body: { platform: 'slack', to: 'C0ALPHA', text: 'alpha chat secret' },
    });
    aIds.add(chatAccount.body.id).add(chatMessage.body.id);
    aSecrets.push('slack:TALPHA', 'alpha chat secret');
    // A stored media item of A's inbound message (the store-inbound-media job writes these for carriers).
    await t.iris.database.executeSql(
      "insert into message_media (id, tenant_id, message_id, position, source_url, status, storage_key, content_type, size_bytes) values ('med_sweepalpha', $1, $2, 0, 'https://carrier.test/m/0', 'stored', 'media/sweep', 'image/jpeg', 3)",
      [a.tenantId, stop.body.id],
    );
    aIds.add('med_sweepalpha');
    aSecrets.push(aPhone, 'alpha secret text');
    // Inbox: contacts (one merged), a conversation with a note, a canned response, a CSV import.
    const inbox = await seedInboxForSweep(t, a.token, aPhone);
    for (const id of inbox.ids) aIds.add(id);
    aSecrets.push(...inbox.secrets);
    // Email: a domain (and its sender), a template, a suppression, a sent email.
    const email = await seedEmailForSweep(t, a.token);
    for (const id of email.ids) aIds.add(id);
    aSecrets.push(...email.secrets);
    // WhatsApp: a window, a message sent in it, an uploaded media item, a synced template.
    // Teams and SLAs: a policy, a team using it, a member with capacity, the admin's presence.
    const assignment = await seedAssignmentForSweep(t, a.token, a.userId);
    for (const id of assignment.ids) aIds.add(id);
    aSecrets.push(...assignment.secrets);
    const whatsapp = await seedWhatsAppForSweep(t, a.token, a.tenantId, aPhone);
    for (const id of whatsapp.ids) aIds.add(id);
    aSecrets.push(...whatsapp.secrets);
    // Voice: a SIP trunk and a (queued) call.
    const voice = await seedVoiceForSweep(t, a.token, a.tenantId);
    for (const id of voice.ids) aIds.add(id);
    aSecrets.push(...voice.secrets);
    // Conferences and queues: a room and a queue of A's (voice-node memory).
    const rooms = seedConferencesForSweep(a.tenantId);
    for (const id of rooms.ids) aIds.add(id);
    aSecrets.push(...rooms.secrets);
    // Providers: A's own Twilio account (its secret must not show up even masked elsewhere).
    const providers = await seedProvidersForSweep(t, a.token);
    for (const id of providers.ids) aIds.add(id);
    aSecrets.push(...providers.secrets);
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
  }, 180_000);
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
    // Every route against every seeded id, one request at a time: minutes on a loaded 2-core machine.
  }, 300_000);

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
    // Every route against every seeded id, one request at a time: minutes on a loaded 2-core machine.
  }, 300_000);

  it("still lets tenant A reach its own resources (the sweep's ids are real)", async () => {
    const [keyId] = [...aIds].filter((id) => id.startsWith('key_'));
    expect((await t.request(`/v1/api-keys/${keyId}`, { token: a.token })).status).toBe(200);
  });
});
