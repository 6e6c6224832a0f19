import { createHmac, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  newUuid,
  WRONG_SECRET,
} from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';
import { type MultipartField, multipartOf } from '../sendgrid/multipart';

export type MailgunFakeOptions = {
  apiKey?: string;
  domain?: string;
  signingKey?: string;
  host?: string;
  port?: number;
  /** After each accepted send, a signed `delivered` event goes here (retried until acknowledged). */
  eventsUrl?: string;
  /** Where `POST /_fake/inbound {from,to,body}` delivers a signed route forward. */
  inboundUrl?: string;
};

/** One accepted send: the id answered and every form field (repeatable ones keep all values). */
export type MailgunSent = {
  id: string;
  fields: Record<string, string[]>;
  files: { field: string; filename: string; contentType: string; bytes: Uint8Array }[];
};

export type MailgunSignature = { timestamp: string; token: string; signature: string };

export type MailgunFake = FakeServer & {
  credentials: { apiKey: string; domain: string; baseUrl: string; webhookSigningKey: string };
  sent: MailgunSent[];
  /** Resolves when every automatic event sent so far was acknowledged. */
  settled(): Promise<void>;
  /** `event-data` for a sent message, as Mailgun words it. */
  event(
    kind: string,
    messageId: string,
    recipient: string,
    extra?: Record<string, unknown>,
  ): Record<string, unknown>;
  /** A signature block; `token`/`secondsAgo` let a test replay or age one. */
  sign(options?: { token?: string; secondsAgo?: number; key?: string }): MailgunSignature;
  /** POSTs each event as its own signed webhook (fresh token each), faults applied. */
  sendEvents(url: string, events: Record<string, unknown>[], faults?: CallbackFaults): Promise<Response[]>;
  /** POSTs a route forward (multipart) with the signature fields. */
  sendInbound(url: string, fields: MultipartField[], faults?: CallbackFaults): Promise<Response[]>;
};

/** HMAC-SHA256 (hex) of `timestamp + token`: Mailgun's webhook signature. */
export function signMailgun(key: string, timestamp: string, token: string) {
  return createHmac('sha256', key)
    .update(timestamp + token)
    .digest('hex');
}

/**
 * Mailgun's Messages API (Basic `api:<key>`, multipart form, `{id, message}` answer), its event
 * webhooks (`{signature, event-data}`) and route forwards, signed with the webhook signing key.
 */
export async function startMailgunFake(options: MailgunFakeOptions = {}): Promise<MailgunFake> {
  const apiKey = options.apiKey ?? `key-${randomBytes(16).toString('hex')}`;
  const domain = options.domain ?? 'mg.acme.test';
  const signingKey = options.signingKey ?? randomBytes(16).toString('hex');
  const sent: MailgunSent[] = [];
  const queue = createCallbackQueue();

  const app = new Hono();
  app.post('/v3/:domain/messages', async (c) => {
    if (c.req.header('authorization') !== `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}`)
      return c.text('Forbidden', 401);
    if (c.req.param('domain') !== domain)
      return c.json({ message: `Domain not found: ${c.req.param('domain')}` }, 404);
    const form = await c.req.formData();
    const fields: Record<string, string[]> = {};
    const files: MailgunSent['files'] = [];
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') fields[name] = [...(fields[name] ?? []), value];
      else
        files.push({
          field: name,
          filename: value.name,
          contentType: value.type,
          bytes: new Uint8Array(await value.arrayBuffer()),
        });
    }
    if (!fields.from?.[0]) return c.json({ message: 'from parameter is missing' }, 400);
    if (!fields.to?.[0]) return c.json({ message: 'to parameter is missing' }, 400);
    if (!fields.text && !fields.html && !fields.template)
      return c.json(
        { message: "Need at least one of 'text', 'html' or 'template' parameters specified" },
        400,
      );
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const id = `<${stamp}.${randomBytes(8).toString('hex')}@${domain}>`;
    sent.push({ id, fields, files });
    if (options.eventsUrl) {
      const eventsUrl = options.eventsUrl;
      const event = fake.event('delivered', id, fields.to[0]!);
      queue.enqueue(
        [event],
        (e) => ({
          method: 'POST',
          url: eventsUrl,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ signature: sign(), 'event-data': e }),
        }),
        () => ({}),
      );
    }
    return c.json({ id, message: 'Queued. Thank you.' });
  });
  app.post('/_fake/inbound', async (c) => {
    if (!options.inboundUrl) return c.json({ error: 'no inboundUrl configured' }, 400);
    const input = (await c.req.json()) as { from: string; to: string; body?: string };
    const responses = await fake.sendInbound(options.inboundUrl, [
      { name: 'recipient', value: input.to },
      { name: 'sender', value: input.from },
      { name: 'from', value: input.from },
      { name: 'subject', value: 'Hello' },
      { name: 'body-plain', value: input.body ?? '' },
      {
        name: 'message-headers',
        value: JSON.stringify([
          ['Message-Id', `<${newUuid()}@fake.mailgun.test>`],
          ['To', input.to],
        ]),
      },
    ]);
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });

  const sign: MailgunFake['sign'] = (signOptions = {}) => {
    const timestamp = String(Math.floor(Date.now() / 1000) - (signOptions.secondsAgo ?? 0));
    const token = signOptions.token ?? randomBytes(25).toString('hex');
    return { timestamp, token, signature: signMailgun(signOptions.key ?? signingKey, timestamp, token) };
  };
  const signFor = (faults: CallbackFaults) =>
    sign({ secondsAgo: faults.staleSeconds, key: faults.badSignature ? WRONG_SECRET : signingKey });

  const fake: MailgunFake = {
    ...server,
    settled: () => queue.settled(),
    credentials: { apiKey, domain, baseUrl: server.url, webhookSigningKey: signingKey },
    sent,
    sign,
    event(kind, messageId, recipient, extra = {}) {
      return {
        event: kind,
        id: randomBytes(11).toString('base64url'),
        timestamp: Date.now() / 1000,
        'log-level': kind === 'failed' ? 'error' : 'info',
        recipient,
        'recipient-domain': recipient.split('@')[1],
        message: { headers: { 'message-id': messageId.replace(/^<|>$/g, ''), to: recipient }, size: 1024 },
        tags: [],
        'user-variables': {},
        flags: { 'is-authenticated': true, 'is-test-mode': false },
        ...extra,
      };
    },
    sendEvents(url, events, faults = {}) {
      // Signed once per event at delivery time: a duplicate is the same bytes sent again.
      return deliverWebhooks(
        events,
        (event) => ({
          method: 'POST',
          url,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(
            faults.unsigned ? { 'event-data': event } : { signature: signFor(faults), 'event-data': event },
          ),
        }),
        faults,
      );
    },
    async sendInbound(url, fields, faults = {}) {
      const signature = signFor(faults);
      const signed: MultipartField[] = faults.unsigned
        ? fields
        : [
            ...fields,
            { name: 'timestamp', value: signature.timestamp },
            { name: 'token', value: signature.token },
            { name: 'signature', value: signature.signature },
          ];
      const { body, contentType } = await multipartOf(signed);
      const responses: Response[] = [];
      for (let copy = 0; copy < (faults.duplicate ? 2 : 1); copy++)
        responses.push(await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body }));
      return responses;
    },
  };
  return fake;
}
