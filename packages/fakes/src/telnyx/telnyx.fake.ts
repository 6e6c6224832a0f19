import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  sha256Hex,
  type WebhookSigner,
} from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';

export type TelnyxFakeOptions = {
  host?: string;
  port?: number;
  apiKey?: string;
  /** The webhook signing key (PKCS#8 PEM), to keep the same public key across restarts; generated otherwise. */
  privateKeyPem?: string;
  /** The messaging profile's webhook URL: where `sendInbound()` and `POST /_fake/inbound` deliver by default. */
  inboundUrl?: string;
  /** After each accepted send with a webhook_url: `message.sent` then `message.finalized` with this status. */
  outcome?: 'delivered' | 'delivery_failed' | 'none';
};

export type TelnyxStatusEvent = {
  messageId: string;
  eventType: 'message.sent' | 'message.finalized';
  status:
    | 'queued'
    | 'sending'
    | 'sent'
    | 'delivered'
    | 'sending_failed'
    | 'delivery_failed'
    | 'delivery_unconfirmed';
  errorCode?: string;
  /** The event id (a redelivery of an event keeps it). */
  eventId?: string;
};
export type TelnyxInboundEvent = {
  from: string;
  to: string;
  text?: string;
  media?: { body: Uint8Array; contentType: string }[];
  messageId?: string;
  eventId?: string;
};
export type TelnyxSent = { id: string; request: Record<string, unknown> };

export type TelnyxFake = FakeServer & {
  credentials: { apiKey: string; publicKey: string; baseUrl: string };
  /** The signing key (PKCS#8 PEM): what `privateKeyPem` takes to sign the same way after a restart. */
  privateKeyPem: string;
  sent: Map<string, TelnyxSent>;
  callbackFaults: CallbackFaults;
  sendStatus(url: string, events: TelnyxStatusEvent[], faults?: CallbackFaults): Promise<Response[]>;
  sendInbound(
    url: string | undefined,
    message: TelnyxInboundEvent,
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  settled(): Promise<void>;
};

const E164 = /^\+[1-9]\d{6,14}$/;
const ERROR_TITLES: Record<string, string> = {
  '40001': 'Not routable',
  '40006': 'Recipient unavailable',
  '40008': 'Undeliverable',
  '40300': 'Blocked due to STOP message',
};

/**
 * Telnyx Messaging v2: `POST /v2/messages` (Bearer API key, JSON, 200 `{data: message}`), Telnyx's
 * error body `{errors: [{code, title, detail, source}]}`, and webhooks signed as Telnyx signs them:
 * Ed25519 over `timestamp|body` with the fake's own key pair, whose raw public key (base64) is
 * handed out as a credential. Inbound media is served from pre-signed-style links.
 */
export async function startTelnyxFake(options: TelnyxFakeOptions = {}): Promise<TelnyxFake> {
  const keys = options.privateKeyPem ? keysOf(options.privateKeyPem) : generateKeyPairSync('ed25519');
  const wrongKeys = generateKeyPairSync('ed25519');
  const rawPublic = keys.publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
  const credentials = {
    apiKey: options.apiKey ?? `KEY${randomUUID().replace(/-/g, '').toUpperCase()}`,
    publicKey: rawPublic.toString('base64'),
    baseUrl: '',
  };
  const sent = new Map<string, TelnyxSent>();
  const media = new Map<string, { body: Uint8Array; contentType: string }>();
  const queue = createCallbackQueue();
  const profileId = randomUUID();

  const signed = (
    url: string,
    data: Record<string, unknown>,
    at: { seconds: number; faults: CallbackFaults },
  ) => {
    const body = JSON.stringify({ data, meta: { attempt: 1, delivered_to: url } });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'telnyx-webhooks',
    };
    if (!at.faults.unsigned) {
      const key = at.faults.badSignature ? wrongKeys.privateKey : keys.privateKey;
      headers['telnyx-timestamp'] = String(at.seconds);
      headers['telnyx-signature-ed25519'] = sign(null, Buffer.from(`${at.seconds}|${body}`), key).toString(
        'base64',
      );
    }
    return { method: 'POST' as const, url, headers, body };
  };
  const statusSigner =
    (url: string): WebhookSigner<TelnyxStatusEvent> =>
    (event, at) => {
      const request = sent.get(event.messageId)?.request ?? {};
      const failed = event.status === 'delivery_failed' || event.status === 'sending_failed';
      const code = event.errorCode ?? (failed ? '40008' : undefined);
      return signed(
        url,
        {
          record_type: 'event',
          id: event.eventId ?? randomUUID(),
          event_type: event.eventType,
          occurred_at: new Date(at.seconds * 1000).toISOString(),
          payload: {
            ...messageObject(event.messageId, request, event.status),
            completed_at:
              event.eventType === 'message.finalized' ? new Date(at.seconds * 1000).toISOString() : null,
            errors: code
              ? [{ code, title: ERROR_TITLES[code] ?? 'Delivery failed', detail: 'The carrier refused it.' }]
              : [],
          },
        },
        at,
      );
    };
  const inboundSigner =
    (url: string): WebhookSigner<TelnyxInboundEvent> =>
    (message, at) => {
      const items = (message.media ?? []).map((item) => {
        const id = randomUUID();
        media.set(id, item);
        return {
          url: `${credentials.baseUrl}/_media/${id}`,
          content_type: item.contentType,
          hash_sha256: sha256Hex(Buffer.from(item.body)),
          size: item.body.byteLength,
        };
      });
      return signed(
        url,
        {
          record_type: 'event',
          id: message.eventId ?? randomUUID(),
          event_type: 'message.received',
          occurred_at: new Date(at.seconds * 1000).toISOString(),
          payload: {
            record_type: 'message',
            direction: 'inbound',
            id: message.messageId ?? randomUUID(),
            type: items.length > 0 ? 'MMS' : 'SMS',
            messaging_profile_id: profileId,
            from: { phone_number: message.from, carrier: 'T-Mobile USA', line_type: 'Wireless' },
            to: [
              { phone_number: message.to, status: 'webhook_delivered', carrier: 'Telnyx', line_type: 'VoIP' },
            ],
            cc: [],
            text: message.text ?? '',
            media: items,
            encoding: 'GSM-7',
            parts: 1,
            tags: [],
            received_at: new Date(at.seconds * 1000).toISOString(),
          },
        },
        at,
      );
    };

  const problem = (code: string, title: string, detail: string, pointer?: string) => ({
    errors: [
      {
        code,
        title,
        detail,
        ...(pointer ? { source: { pointer } } : {}),
        meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}` },
      },
    ],
  });

  const app = new Hono();
  app.post('/v2/messages', async (c) => {
    if (c.req.header('authorization') !== `Bearer ${credentials.apiKey}`)
      return c.json(
        problem(
          '10009',
          'Authentication failed',
          'The required authentication headers were either invalid or not included in the request.',
        ),
        401,
      );
    let request: Record<string, unknown>;
    try {
      request = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json(
        problem('10015', 'Bad Request', 'The request failed because it was not well-formed.'),
        400,
      );
    }
    const { to, from, text } = request;
    const mediaUrls = request.media_urls;
    if (typeof to !== 'string' || !to)
      return c.json(
        problem('10004', 'Missing required parameter', "The 'to' parameter is required.", '/to'),
        422,
      );
    if (!E164.test(to))
      return c.json(
        problem(
          '10016',
          'Phone number must be in +E.164 format',
          'The specified phone number parameter must be in +E.164 format.',
          '/to',
        ),
        422,
      );
    if (typeof from !== 'string' && !request.messaging_profile_id)
      return c.json(
        problem('10004', 'Missing required parameter', "The 'from' parameter is required.", '/from'),
        422,
      );
    if (
      mediaUrls !== undefined &&
      (!Array.isArray(mediaUrls) || mediaUrls.some((u) => typeof u !== 'string' || !/^https?:\/\//.test(u)))
    )
      return c.json(
        problem('10003', 'Invalid URL', 'media_urls must be a list of URLs.', '/media_urls'),
        422,
      );
    if ((typeof text !== 'string' || !text) && !(Array.isArray(mediaUrls) && mediaUrls.length > 0))
      return c.json(
        problem('10004', 'Missing required parameter', "Either 'text' or 'media_urls' is required.", '/text'),
        422,
      );
    if (typeof text === 'string' && text.length > 1600)
      return c.json(
        problem('40009', 'Invalid message body', 'The message body exceeds 1600 characters.', '/text'),
        422,
      );
    const id = randomUUID();
    sent.set(id, { id, request });
    const url = request.webhook_url;
    const outcome = options.outcome ?? 'delivered';
    if (typeof url === 'string' && outcome !== 'none')
      queue.enqueue(
        [
          // Event ids fixed up front: a retried delivery is the same event.
          {
            messageId: id,
            eventType: 'message.sent' as const,
            status: 'sent' as const,
            eventId: randomUUID(),
          },
          { messageId: id, eventType: 'message.finalized' as const, status: outcome, eventId: randomUUID() },
        ],
        statusSigner(url),
        () => fake.callbackFaults,
      );
    return c.json({ data: messageObject(id, request, 'queued') }, 200);
  });
  app.get('/_media/:id', (c) => {
    const item = media.get(c.req.param('id'));
    if (!item) return c.text('not found', 404);
    return c.body(item.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': item.contentType });
  });
  app.post('/_fake/inbound', async (c) => {
    const input = (await c.req.json()) as { from: string; to: string; body?: string };
    const responses = await fake.sendInbound(undefined, { from: input.from, to: input.to, text: input.body });
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  function messageObject(id: string, request: Record<string, unknown>, status: string) {
    const urls = Array.isArray(request.media_urls) ? (request.media_urls as string[]) : [];
    return {
      record_type: 'message',
      direction: 'outbound',
      id,
      type: urls.length > 0 ? 'MMS' : 'SMS',
      messaging_profile_id: (request.messaging_profile_id as string | undefined) ?? profileId,
      organization_id: '00000000-0000-4000-8000-000000000000',
      from: { phone_number: request.from ?? '+15550000000', carrier: 'Telnyx', line_type: 'VoIP' },
      to: [{ phone_number: request.to, status, carrier: 'T-Mobile USA', line_type: 'Wireless' }],
      cc: [],
      text: request.text ?? '',
      subject: request.subject ?? null,
      media: urls.map((url) => ({ url, content_type: null, sha256: null, size: null })),
      webhook_url: request.webhook_url ?? null,
      webhook_failover_url: request.webhook_failover_url ?? null,
      encoding: 'GSM-7',
      parts: 1,
      tags: [],
      cost: { amount: '0.0040', currency: 'USD' },
      received_at: new Date().toISOString(),
      sent_at: null,
      completed_at: null,
      valid_until: null,
      errors: [],
    };
  }

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  credentials.baseUrl = server.url;
  const fake: TelnyxFake = Object.assign(server, {
    credentials,
    privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    sent,
    // A plain property (Object.assign copies values, not accessors): the queue reads it at each delivery.
    callbackFaults: {} as CallbackFaults,
    sendStatus: (url: string, events: TelnyxStatusEvent[], faults?: CallbackFaults) =>
      deliverWebhooks(events, statusSigner(url), faults),
    sendInbound(url: string | undefined, message: TelnyxInboundEvent, faults?: CallbackFaults) {
      const target = url ?? options.inboundUrl;
      if (!target)
        throw new Error('telnyx fake: no inbound URL (pass one, or start the fake with inboundUrl)');
      return deliverWebhooks([message], inboundSigner(target), faults);
    },
    settled: () => queue.settled(),
  });
  return fake;
}

function keysOf(privateKeyPem: string) {
  const privateKey = createPrivateKey(privateKeyPem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}
