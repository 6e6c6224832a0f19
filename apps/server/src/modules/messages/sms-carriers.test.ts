import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Carrier, startCarrierIris } from '../../testing/fixtures/sms-carriers';
import { databaseKinds } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';

/**
 * Each carrier end to end, through the real adapter configured by MESSAGING_PROVIDERS and its fake
 * over HTTP: the send, the fake's own signed callbacks, forged and duplicated callbacks, inbound.
 */
describe.each(databaseKinds())('SMS carriers end to end on %s', (kind) => {
  let env: Awaited<ReturnType<typeof startCarrierIris>>;
  /** A delivered message per carrier (from the first test), for the later ones. */
  const delivered = new Map<string, Json>();

  beforeAll(async () => {
    env = await startCarrierIris(kind);
  }, 90_000); // four fakes, a migrated database and a tenant: slow on a loaded machine
  afterAll(() => env?.close());

  const statusOf = (id: string, status: string) =>
    waitFor(async () => {
      const { body } = await env.call(`/v1/messages/${id}`);
      expect(body.status).toBe(status);
      return body;
    });
  const sendVia = async (carrier: Carrier, body: string) => {
    const sent = await env.call('/v1/messages', {
      body: { channel: 'sms', from: carrier.number, to: carrier.to, body },
    });
    expect(sent.status).toBe(201);
    return sent.body as Json;
  };
  const byId = (id: string) => env.carriers.find((c) => c.id === id)!;
  const ids = ['twilio-us', 'telnyx-1', 'bandwidth-1', 'plivo-1'];

  it.each(ids)(
    "%s: POST /v1/messages goes out through the adapter, and the fake's signed callbacks deliver it",
    async (id) => {
      const carrier = byId(id);
      const sent = await sendVia(carrier, `hello-from-${id}`);
      const message = await statusOf(sent.id, 'delivered');
      expect(message.provider).toBe(id);
      expect(message.history.map((h: Json) => h.status)).toEqual(['queued', 'sending', 'sent', 'delivered']);
      const request = carrier.fake.requests.find(
        (r) => carrier.sendPath.test(r.path) && r.body.includes(`hello-from-${id}`),
      )!;
      expect(request.method).toBe('POST');
      expect(request.headers.authorization).toMatch(/^(Basic|Bearer) /);
      // Where the status callbacks go: per message for all but Bandwidth (its application's URL).
      const statusUrl = `${env.url}/hooks/sms/${id}/status`;
      if (id === 'bandwidth-1')
        expect(JSON.parse(request.body)).toMatchObject({ tag: sent.id, to: [carrier.to] });
      else expect(decodeURIComponent(request.body.replace(/\+/g, ' '))).toContain(statusUrl);
      delivered.set(id, message);
    },
  );

  it.each(ids)('%s: callbacks delivered twice change the message once', async (id) => {
    const carrier = byId(id);
    carrier.fake.callbackFaults = { duplicate: true };
    try {
      const sent = await sendVia(carrier, `twice via ${id}`);
      const message = await statusOf(sent.id, 'delivered');
      await carrier.fake.settled();
      const after = (await env.call(`/v1/messages/${sent.id}`)).body;
      expect(after.history.filter((h: Json) => h.status === 'delivered')).toHaveLength(1);
      const receipts = await env.receiptsOf(id, message.providerMessageId);
      expect(receipts.length).toBeGreaterThan(0);
      expect(new Set(receipts.map((r) => r.event_key)).size).toBe(receipts.length);
      // And a late replay of the final event, as a carrier retrying would send it, is dropped too.
      const replay = await carrier.delivered(message.providerMessageId);
      expect(replay.map((r) => r.status)).toEqual([200]);
      expect((await env.call(`/v1/messages/${sent.id}`)).body.history).toEqual(after.history);
    } finally {
      carrier.fake.callbackFaults = {};
    }
  });

  it.each(ids)('%s: a callback without or with a wrong signature gets 401 and stores nothing', async (id) => {
    const carrier = byId(id);
    const message = delivered.get(id)!;
    const count = async () =>
      (await env.t.iris.database.executeSql('select count(*)::int as n from status_receipts')).rows[0]!
        .n as number;
    const inboundCount = async () =>
      (await env.call('/v1/messages?direction=inbound&limit=200')).body.data.length;
    const [receiptsBefore, inboundBefore] = [await count(), await inboundCount()];
    const faults = [
      { unsigned: true },
      { badSignature: true },
      ...(id === 'telnyx-1' ? [{ staleSeconds: 600 }] : []),
    ];
    for (const fault of faults) {
      expect((await carrier.delivered(message.providerMessageId, fault)).map((r) => r.status)).toEqual([401]);
      const inbound = await carrier.inbound({ from: '+14155550177', text: 'forged' }, fault);
      expect(inbound.map((r) => r.status)).toEqual([401]);
    }
    expect(await count()).toBe(receiptsBefore);
    expect(await inboundCount()).toBe(inboundBefore);
  });

  it.each(ids)(
    "%s: a signed inbound reaches the number's tenant, once however often it is delivered",
    async (id) => {
      const carrier = byId(id);
      const responses = await carrier.inbound(
        { from: '+14155550188', text: `inbound via ${id}` },
        { duplicate: true },
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      const inbound = await env.call(
        `/v1/messages?direction=inbound&to=${encodeURIComponent(carrier.number)}`,
      );
      expect(inbound.body.data).toEqual([
        expect.objectContaining({
          from: '+14155550188',
          to: carrier.number,
          body: `inbound via ${id}`,
          provider: id,
          channel: 'sms',
          status: 'received',
        }),
      ]);
    },
  );
});
