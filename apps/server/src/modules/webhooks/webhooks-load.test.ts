import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { startWebhookReceiver } from '../../testing/webhook-receiver';
import { emitEvent } from '../events/emit-event';

// The full 10,000 x 5 run is bench/webhooks.ts (same checks, with figures); CI runs this scale.
const EVENTS = 300;
const ENDPOINTS = 5;
const CAP = 4;

describe.each(databaseKinds())('many events to many endpoints on %s', (kind) => {
  let t: TestIris;
  beforeAll(async () => {
    t = await startTestIris(kind, { IRIS_ALLOW_PRIVATE_WEBHOOKS: 'true' });
  });
  afterAll(() => t?.close());

  it(`delivers ${EVENTS} events to each of ${ENDPOINTS} endpoints, signed, never above an endpoint's cap`, async () => {
    const admin = await t.signup('Load Co');
    const secrets: string[] = [];
    const receivers = await Promise.all(
      Array.from({ length: ENDPOINTS }, (_, i) => startWebhookReceiver({ secret: () => secrets[i]! })),
    );
    try {
      for (const receiver of receivers) {
        receiver.slowDown(5);
        const created = await t.request('/v1/webhooks', {
          token: admin.token,
          body: { url: receiver.url, events: ['agent.*'], maxConcurrency: CAP },
        });
        secrets.push(created.body.secret);
      }
      const emitted = new Set<string>();
      await t.iris.database.db.transaction(async (tx) => {
        for (let i = 0; i < EVENTS; i++) {
          const event = await emitEvent({ jobs: t.iris.jobs }, tx, {
            tenantId: admin.tenantId,
            type: 'agent.status_changed',
            data: { agent: { id: `agt_${i}`, status: 'available', previousStatus: 'offline' } },
          });
          emitted.add(event.id);
        }
      });
      await Promise.all(receivers.map((r) => r.waitFor(EVENTS, 120_000)));
      for (const receiver of receivers) {
        expect(new Set(receiver.received.map((r) => r.id))).toEqual(emitted);
        expect(receiver.received.every((r) => r.verified)).toBe(true);
        expect(receiver.peak()).toBeLessThanOrEqual(CAP);
      }
    } finally {
      await Promise.all(receivers.map((r) => r.close()));
    }
  }, 180_000);
});
