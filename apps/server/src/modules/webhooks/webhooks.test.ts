import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { startWebhookReceiver } from '../../testing/webhook-receiver';
import { emitEvent } from '../events/emit-event';
import type { EventData } from '../events/event-catalog';

const message = (id: string, status: string): EventData<'message.sent'> => ({
  message: {
    id,
    channel: 'sms',
    direction: 'outbound',
    status,
    from: '+15550100',
    to: '+15550111',
    body: 'hello',
    segments: 1,
    provider: 'sandbox',
    errorCode: null,
    errorMessage: null,
    price: null,
    metadata: {},
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  },
});

describe.each(databaseKinds())('tenant webhooks on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  beforeAll(async () => {
    t = await startTestIris(kind, {
      IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true',
      WEBHOOK_RETRY_DELAYS_SECONDS: '1,1,1,1,1,1,1,1',
    });
    admin = await t.signup('Hooks Co');
  });
  afterAll(() => t?.close());

  const emit = (type: 'message.sent' | 'message.delivered', id: string, tenantId = admin.tenantId) =>
    emitEvent({ jobs: t.iris.jobs }, t.iris.database.db, {
      tenantId,
      type,
      data: message(id, type.split('.')[1]!),
    });

  async function endpoint(url: string, events = ['message.*'], extra: Record<string, unknown> = {}) {
    const created = await t.request('/v1/webhooks', { token: admin.token, body: { url, events, ...extra } });
    expect(created.status).toBe(201);
    return created.body as { id: string; secret: string };
  }

  it('delivers stored events signed with the Standard Webhooks headers; the webhook-id is the event id', async () => {
    let secret = '';
    const receiver = await startWebhookReceiver({ secret: () => secret });
    try {
      const hook = await endpoint(receiver.url);
      secret = hook.secret;
      expect(secret).toMatch(/^whsec_/);
      const event = await emit('message.sent', 'msg_signed');
      await receiver.waitFor(1);
      expect(receiver.received[0]).toMatchObject({ id: event.id, type: 'message.sent', verified: true });
      expect(receiver.received[0]!.data).toMatchObject({ message: { id: 'msg_signed', status: 'sent' } });

      const log = await t.request(`/v1/events?type=message.sent`, { token: admin.token });
      expect(log.body.data.map((e: { id: string }) => e.id)).toContain(event.id);
      const deliveries = await waitFor(async () => {
        const page = await t.request(`/v1/webhooks/${hook.id}/deliveries`, { token: admin.token });
        expect(page.body.data[0].status).toBe('succeeded');
        return page;
      });
      expect(deliveries.body.data[0]).toMatchObject({
        eventId: event.id,
        attempts: 1,
        attemptLog: [{ statusCode: 200, responseExcerpt: 'thanks' }],
      });
      expect(deliveries.body.data[0].attemptLog[0].latencyMs).toBeGreaterThanOrEqual(0);
    } finally {
      await receiver.close();
    }
  });

  it('sends only the events an endpoint subscribes to, and a test event on request', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const hook = await endpoint(receiver.url, ['call.*']);
      await emit('message.sent', 'msg_not_for_calls');
      const test = await t.request(`/v1/webhooks/${hook.id}/test`, { method: 'POST', token: admin.token });
      expect(test.status).toBe(202);
      await receiver.waitFor(1);
      expect(receiver.received.map((r) => r.type)).toEqual(['webhook.test']);
    } finally {
      await receiver.close();
    }
  });

  it('gets every event to a receiver that was down for a while; duplicates carry the same webhook-id', async () => {
    const receiver = await startWebhookReceiver();
    try {
      await endpoint(receiver.url);
      receiver.answerWith(503);
      const emitted = [];
      for (let i = 0; i < 10; i++) emitted.push(await emit('message.delivered', `msg_down_${i}`));
      // Let the first attempts fail, then bring the receiver back.
      await waitFor(async () => {
        const { rows } = await t.iris.database.executeSql(
          'select count(*)::int as n from webhook_attempts where status_code = 503',
        );
        expect(rows[0]!.n).toBeGreaterThanOrEqual(10);
      });
      receiver.answerWith(200);
      await receiver.waitFor(10);
      const ids = new Set(receiver.received.map((r) => r.id));
      expect([...ids].sort()).toEqual(emitted.map((e) => e.id).sort());
      for (const id of ids) {
        const bodies = new Set(receiver.received.filter((r) => r.id === id).map((r) => r.body));
        expect(bodies.size).toBe(1);
      }
    } finally {
      await receiver.close();
    }
  });

  it('disables an endpoint that answers 410, with an event and an email to the admins', async () => {
    const receiver = await startWebhookReceiver();
    try {
      receiver.answerWith(410);
      const hook = await endpoint(receiver.url);
      await emit('message.sent', 'msg_gone');
      const disabled = await waitFor(async () => {
        const got = await t.request(`/v1/webhooks/${hook.id}`, { token: admin.token });
        expect(got.body.enabled).toBe(false);
        return got.body;
      });
      expect(disabled.disabledReason).toContain('410');
      const log = await t.request('/v1/events?type=webhook.endpoint_disabled', { token: admin.token });
      expect(log.body.data[0].data).toMatchObject({ endpoint: { id: hook.id } });
      const mail = await t.request('/v1/notifications', { token: admin.token });
      expect(mail.body.data.find((n: { kind: string }) => n.kind === 'webhook_disabled')).toMatchObject({
        toEmail: admin.email,
      });
    } finally {
      await receiver.close();
    }
  });

  it('signs with the old and the new secret during a rotation', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const hook = await endpoint(receiver.url);
      const rotated = await t.request(`/v1/webhooks/${hook.id}/rotate-secret`, {
        token: admin.token,
        body: { overlapHours: 1 },
      });
      expect(rotated.status).toBe(200);
      await emit('message.sent', 'msg_rotated');
      await receiver.waitFor(1);
      const { verifyWebhook } = await import('../../../../../packages/sdk/src/webhooks');
      const got = receiver.received[0]!;
      const headers = {
        'webhook-id': got.id,
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': got.signature,
      };
      expect(got.signature.split(' ')).toHaveLength(2);
      // Each secret alone verifies the request (the timestamp is re-read from the real header below).
      for (const secret of [hook.secret, rotated.body.secret]) {
        const signature = got.signature.split(' ').find((s) => {
          try {
            return Boolean(
              verifyWebhook({
                secret,
                headers: { ...headers, 'webhook-signature': s },
                body: got.body,
                toleranceSeconds: 120,
              }),
            );
          } catch {
            return false;
          }
        });
        expect(signature, `a signature made with ${secret.slice(0, 10)}…`).toBeDefined();
      }
    } finally {
      await receiver.close();
    }
  });

  it('replays one event, and a time range, to an endpoint', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const hook = await endpoint(receiver.url);
      const first = await emit('message.sent', 'msg_replay_1');
      await emit('message.sent', 'msg_replay_2');
      await receiver.waitFor(2);
      const one = await t.request(`/v1/webhooks/${hook.id}/replay`, {
        token: admin.token,
        body: { eventId: first.id },
      });
      expect(one.body).toEqual({ replayed: 1, truncated: false });
      await receiver.waitFor(3);
      expect(receiver.received[2]!.id).toBe(first.id);
      const range = await t.request(`/v1/webhooks/${hook.id}/replay`, {
        token: admin.token,
        body: { from: new Date(Date.now() - 60_000).toISOString(), to: new Date().toISOString() },
      });
      expect(range.status).toBe(202);
      expect(range.body.replayed).toBeGreaterThanOrEqual(2);
      const bad = await t.request(`/v1/webhooks/${hook.id}/replay`, { token: admin.token, body: {} });
      expect(bad.status).toBe(422);
    } finally {
      await receiver.close();
    }
  });

  it('never has more requests in flight to an endpoint than its cap', async () => {
    const receiver = await startWebhookReceiver();
    try {
      receiver.slowDown(40);
      await endpoint(receiver.url, ['message.*'], { maxConcurrency: 3 });
      for (let i = 0; i < 40; i++) await emit('message.sent', `msg_cap_${i}`);
      await receiver.waitFor(40, 30_000);
      expect(receiver.peak()).toBeLessThanOrEqual(3);
      expect(receiver.peak()).toBeGreaterThanOrEqual(2);
    } finally {
      await receiver.close();
    }
  });

  it("sends a resource's events to its status callback URL, signed with the tenant's callback secret", async () => {
    let secret = '';
    const receiver = await startWebhookReceiver({ secret: () => secret });
    try {
      const got = await t.request('/v1/webhooks/callback-secret', { token: admin.token });
      expect(got.status).toBe(200);
      secret = got.body.secret;
      const event = await emitEvent({ jobs: t.iris.jobs }, t.iris.database.db, {
        tenantId: admin.tenantId,
        type: 'message.delivered',
        data: message('msg_with_callback', 'delivered'),
        callbackUrl: `${receiver.url}?message=msg_with_callback`,
      });
      await receiver.waitFor(1);
      expect(receiver.received[0]).toMatchObject({ id: event.id, type: 'message.delivered', verified: true });
      expect((await t.request('/v1/webhooks/callback-secret', { token: admin.token })).body.secret).toBe(
        secret,
      );
      const rotated = await t.request('/v1/webhooks/callback-secret/rotate', {
        token: admin.token,
        body: { overlapHours: 1 },
      });
      expect(rotated.body.secret).not.toBe(secret);
    } finally {
      await receiver.close();
    }
  });

  it('keeps endpoints to their tenant and validates them', async () => {
    const other = await t.signup('Other Hooks');
    const mine = await endpoint('http://127.0.0.1:9/hooks');
    expect((await t.request(`/v1/webhooks/${mine.id}`, { token: other.token })).status).toBe(404);
    const bad = await t.request('/v1/webhooks', {
      token: admin.token,
      body: { url: 'http://127.0.0.1:9/x', events: ['message.teleported'] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].path).toBe('events.0');
  });
});

describe.each(databaseKinds())('the SSRF guard on webhook URLs on %s', (kind) => {
  let t: TestIris;
  beforeAll(async () => {
    t = await startTestIris(kind);
  });
  afterAll(() => t?.close());

  it.each([
    'http://127.0.0.1/x',
    'http://10.0.0.1/x',
    'http://169.254.169.254/latest',
    'http://[::1]/x',
    'http://localhost/x',
  ])('refuses %s', async (url) => {
    const admin = await t.signup();
    const response = await t.request('/v1/webhooks', { token: admin.token, body: { url, events: ['*'] } });
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({ path: 'url' });
  });

  it('refuses a message statusCallback on a private address too', async () => {
    const admin = await t.signup();
    const response = await t.request('/v1/messages', {
      token: admin.token,
      body: {
        channel: 'sms',
        to: '+14155550111',
        body: 'hi',
        statusCallback: 'http://169.254.169.254/latest',
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({ path: 'url' });
  });
});
