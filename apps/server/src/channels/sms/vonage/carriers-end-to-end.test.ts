import {
  type CallbackFaults,
  type MessageBirdFake,
  type SinchFake,
  startMessageBirdFake,
  startSinchFake,
  startVonageFake,
  type VonageFake,
} from '@iris/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../testing/fixtures/http-sms/start-routed-iris';
import { databaseKinds } from '../../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../../testing/test-iris';
import { waitFor } from '../../../testing/wait-for';

type Fakes = { vonage: VonageFake; bird: MessageBirdFake; sinch: SinchFake };
type Carrier = {
  id: string;
  /** Our number at this carrier, and a phone out there. */
  number: string;
  phone: string;
  fake(f: Fakes): VonageFake | MessageBirdFake | SinchFake;
  /** The carrier's request for our message, as the fake recorded it. */
  expectRequest(f: Fakes, messageId: string, publicUrl: string): void;
  status(
    f: Fakes,
    url: string,
    providerMessageId: string,
    statuses: ('sent' | 'delivered')[],
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  inbound(
    f: Fakes,
    message: { from: string; to: string; text: string },
    faults?: CallbackFaults,
  ): Promise<Response[]>;
};

const requestFor = (fake: VonageFake | MessageBirdFake | SinchFake, messageId: string) =>
  fake.requests.find((r) => r.method === 'POST' && r.body.includes(messageId))!;

const CARRIERS: Carrier[] = [
  {
    id: 'vonage-uk',
    number: '+447911123457',
    phone: '+447911123456',
    fake: (f) => f.vonage,
    expectRequest(f, messageId, publicUrl) {
      const request = requestFor(f.vonage, messageId);
      expect([request.path, request.headers.authorization?.split(' ')[0]]).toEqual([
        '/v1/messages',
        'Bearer',
      ]);
      expect(JSON.parse(request.body)).toEqual({
        to: '447911123456',
        from: '447911123457',
        client_ref: messageId,
        webhook_url: `${publicUrl}/hooks/sms/vonage-uk/status`,
        message_type: 'text',
        channel: 'sms',
        text: 'hello vonage-uk',
      });
    },
    status: (f, url, id, statuses, faults) =>
      f.vonage.sendStatus(
        url,
        statuses.map((s) => ({ messageUuid: id, status: s === 'sent' ? 'submitted' : 'delivered' })),
        faults,
      ),
    inbound: (f, m, faults) => f.vonage.sendInbound(undefined, m, faults),
  },
  {
    id: 'bird-nl',
    number: '+31612345679',
    phone: '+31612345678',
    fake: (f) => f.bird,
    expectRequest(f, messageId, publicUrl) {
      const request = requestFor(f.bird, messageId);
      expect([request.path, request.headers.authorization]).toEqual(['/messages', 'AccessKey bird-live-key']);
      expect(JSON.parse(request.body)).toEqual({
        originator: '31612345679',
        recipients: ['31612345678'],
        reference: messageId,
        body: 'hello bird-nl',
        reportUrl: `${publicUrl}/hooks/sms/bird-nl/status`,
      });
    },
    status: (f, url, id, statuses, faults) =>
      f.bird.sendStatus(
        url,
        statuses.map((status) => ({ id, status })),
        faults,
      ),
    inbound: (f, m, faults) => f.bird.sendInbound(undefined, m, faults),
  },
  {
    id: 'sinch-us',
    number: '+12015550177',
    phone: '+14155550100',
    fake: (f) => f.sinch,
    expectRequest(f, messageId, publicUrl) {
      const request = requestFor(f.sinch, messageId);
      expect([request.path, request.headers.authorization]).toEqual([
        '/xms/v1/plan123/batches',
        'Bearer sinch-token',
      ]);
      expect(JSON.parse(request.body)).toEqual({
        from: '+12015550177',
        to: ['+14155550100'],
        delivery_report: 'per_recipient',
        callback_url: `${publicUrl}/hooks/sms/sinch-us/status`,
        client_reference: messageId,
        type: 'mt_text',
        body: 'hello sinch-us',
      });
    },
    status: (f, url, batchId, statuses, faults) =>
      f.sinch.sendStatus(
        url,
        statuses.map((s) => ({ batchId, status: s === 'sent' ? 'Dispatched' : 'Delivered' })),
        faults,
      ),
    inbound: (f, m, faults) => f.sinch.sendInbound(undefined, m, faults),
  },
];

describe.each(databaseKinds())('Vonage, MessageBird and Sinch end to end on %s', (kind) => {
  let t: TestIris;
  let f: Fakes;
  let token: string;
  let publicUrl: string;

  const call = (path: string, body?: unknown) => t.request(path, { token, body });
  const messageIn = (id: string, status: string) =>
    waitFor(async () => {
      const { body } = await call(`/v1/messages/${id}`);
      expect(body.status).toBe(status);
      return body;
    });
  const receipts = async (provider: string, providerMessageId: string) =>
    (
      await t.iris.database.executeSql(
        'select count(*)::int as n from status_receipts where provider = $1 and provider_message_id = $2',
        [provider, providerMessageId],
      )
    ).rows[0]!.n as number;
  const inboundFrom = async (from: string) =>
    (await call(`/v1/messages?direction=inbound&from=${encodeURIComponent(from)}`)).body.data as Json[];

  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    const inboundUrl = (id: string) => `${publicUrl}/hooks/sms/${id}/inbound`;
    f = {
      vonage: await startVonageFake({ inboundUrl: inboundUrl('vonage-uk') }),
      bird: await startMessageBirdFake({ accessKey: 'bird-live-key', inboundUrl: inboundUrl('bird-nl') }),
      sinch: await startSinchFake({
        servicePlanId: 'plan123',
        apiToken: 'sinch-token',
        inboundUrl: inboundUrl('sinch-us'),
      }),
    };
    t = await startTestIris(kind, {
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      MESSAGING_PROVIDERS: JSON.stringify([
        { id: 'vonage-uk', kind: 'sms', provider: 'vonage', credentials: f.vonage.credentials },
        { id: 'bird-nl', kind: 'sms', provider: 'messagebird', credentials: f.bird.credentials },
        { id: 'sinch-us', kind: 'sms', provider: 'sinch', credentials: f.sinch.credentials },
      ]),
      MESSAGING_ROUTES: JSON.stringify([
        { kind: 'sms', prefixes: ['+44'], providers: ['vonage-uk'] },
        { kind: 'sms', prefixes: ['+31'], providers: ['bird-nl'] },
        { kind: 'sms', prefixes: ['+1'], providers: ['sinch-us'] },
      ]),
    });
    const admin = await t.signup('Carriers');
    token = admin.token;
    await t.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [admin.tenantId],
    );
    for (const carrier of CARRIERS) {
      const number = await call('/v1/numbers', {
        kind: 'phone_number',
        address: carrier.number,
        capabilities: ['sms', 'mms'],
        provider: carrier.id,
      });
      expect(number.status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all(Object.values(f ?? {}).map((fake) => fake.close()));
  });

  it.each(CARRIERS)(
    '$id: POST /v1/messages → the real adapter → the fake; its signed callbacks deliver it',
    async (carrier) => {
      const sent = await call('/v1/messages', {
        channel: 'sms',
        from: carrier.number,
        to: carrier.phone,
        body: `hello ${carrier.id}`,
      });
      expect(sent.status).toBe(201);
      const delivered = await messageIn(sent.body.id, 'delivered');
      carrier.expectRequest(f, sent.body.id, publicUrl);
      expect(delivered.provider).toBe(carrier.id);
      expect(delivered.history.map((h: Json) => h.status)).toEqual([
        'queued',
        'sending',
        'sent',
        'delivered',
      ]);
      expect(await receipts(carrier.id, delivered.providerMessageId)).toBe(2);
    },
  );

  it.each(CARRIERS)(
    '$id: forged, unsigned and stale callbacks get 401 and store nothing; duplicates and disorder change state once',
    async (carrier) => {
      const fake = carrier.fake(f);
      fake.autoCallbacks = false;
      try {
        const sent = await call('/v1/messages', {
          channel: 'sms',
          from: carrier.number,
          to: carrier.phone,
          body: 'quiet',
        });
        const stored = await messageIn(sent.body.id, 'sent');
        const url = `${publicUrl}/hooks/sms/${carrier.id}/status`;
        for (const faults of [{ badSignature: true }, { unsigned: true }, { staleSeconds: 600 }]) {
          const responses = await carrier.status(f, url, stored.providerMessageId, ['delivered'], faults);
          expect(responses.map((r) => r.status)).toEqual([401]);
        }
        expect(await receipts(carrier.id, stored.providerMessageId)).toBe(0);
        expect((await call(`/v1/messages/${sent.body.id}`)).body.status).toBe('sent');

        // delivered arrives before sent, and everything twice: two receipts, and delivered stays.
        const responses = await carrier.status(f, url, stored.providerMessageId, ['sent', 'delivered'], {
          reorder: true,
          duplicate: true,
        });
        expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
        const delivered = await messageIn(sent.body.id, 'delivered');
        expect(await receipts(carrier.id, stored.providerMessageId)).toBe(2);
        expect(delivered.history.filter((h: Json) => h.status === 'delivered')).toHaveLength(1);
      } finally {
        fake.autoCallbacks = true;
      }
    },
  );

  it.each(CARRIERS)(
    "$id: a signed inbound SMS reaches the tenant's number once; forged or stale ones are refused",
    async (carrier) => {
      const from = carrier.phone.replace(/\d$/, '9');
      for (const faults of [{ badSignature: true }, { staleSeconds: 600 }])
        expect(
          (await carrier.inbound(f, { from, to: carrier.number, text: 'forged' }, faults))[0]!.status,
        ).toBe(401);
      const responses = await carrier.inbound(
        f,
        { from, to: carrier.number, text: `hi ${carrier.id}` },
        { duplicate: true },
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      const received = await inboundFrom(from);
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({
        channel: 'sms',
        direction: 'inbound',
        status: 'received',
        provider: carrier.id,
        from,
        to: carrier.number,
        body: `hi ${carrier.id}`,
      });
    },
  );

  it('vonage-uk: an inbound MMS arrives with its attachment', async () => {
    const url = f.vonage.hostMedia(new Uint8Array([1, 2, 3]), 'image/png');
    const [response] = await f.vonage.sendInbound(undefined, {
      from: '+447911123450',
      to: '+447911123457',
      text: 'a picture',
      imageUrl: url,
    });
    expect(response!.status).toBe(200);
    const [message] = await inboundFrom('+447911123450');
    expect(message).toMatchObject({ channel: 'mms', body: 'a picture', provider: 'vonage-uk' });
    expect(message.media).toHaveLength(1);
  });
});
