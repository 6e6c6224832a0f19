import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  type WebhookSigner,
  WRONG_SECRET,
} from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';

export type PlivoFakeOptions = {
  host?: string;
  port?: number;
  authId?: string;
  authToken?: string;
  /** The application's message_url: where `sendInbound()` and `POST /_fake/inbound` deliver by default. */
  inboundUrl?: string;
  /** After each accepted send with a `url`: `sent`, then this (default delivered). */
  outcome?: 'delivered' | 'undelivered' | 'failed' | 'none';
};

export type PlivoStatusEvent = {
  messageUuid: string;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
  errorCode?: string;
};
export type PlivoInboundEvent = {
  from: string;
  to: string;
  text?: string;
  media?: { body: Uint8Array; contentType: string }[];
  messageUuid?: string;
};
export type PlivoSent = { uuid: string; request: Record<string, unknown> };

export type PlivoFake = FakeServer & {
  credentials: { authId: string; authToken: string; baseUrl: string };
  sent: Map<string, PlivoSent>;
  callbackFaults: CallbackFaults;
  sendStatus(url: string, events: PlivoStatusEvent[], faults?: CallbackFaults): Promise<Response[]>;
  sendInbound(
    url: string | undefined,
    message: PlivoInboundEvent,
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  settled(): Promise<void>;
};

/**
 * X-Plivo-Signature-V3 as plivo-node's `v3Security` computes it for a POST: the URL's
 * `scheme://host[:port]/path`, `?` + its query params sorted as `k=v&…` (the `?` is there whenever
 * there are query or POST params), `.` when there are both, every POST param sorted as `key+value`,
 * then `.` + nonce; base64 HMAC-SHA256 keyed with the Auth Token.
 */
export function signPlivoV3(
  authToken: string,
  url: string,
  params: Record<string, string>,
  nonce: string,
): string {
  const parsed = new URL(url);
  const port = parsed.port ? `:${parsed.port}` : '';
  let base = `${parsed.protocol}//${parsed.hostname}${port}${parsed.pathname}`;
  const query = [...parsed.searchParams].map(([k, v]) => `${k}=${v}`).sort();
  const hasPost = Object.keys(params).length > 0;
  if (query.length > 0 || hasPost) base += `?${query.join('&')}`;
  if (query.length > 0 && hasPost) base += '.';
  for (const key of Object.keys(params).sort()) base += key + params[key];
  return createHmac('sha256', authToken).update(`${base}.${nonce}`).digest('base64');
}

/** X-Plivo-Signature-V2: base64 HMAC-SHA256 over the URL without its query, then the nonce. */
export function signPlivoV2(authToken: string, url: string, nonce: string): string {
  const parsed = new URL(url);
  return createHmac('sha256', authToken)
    .update(`${parsed.origin}${parsed.pathname}${nonce}`)
    .digest('base64');
}

const digits = (number: string) => number.replace(/^\+/, '');
const DST = /^\+?\d{5,15}(<\+?\d{5,15})*$/;

/**
 * Plivo Messaging: `POST /v1/Account/{auth_id}/Message/` (HTTP Basic, JSON, 202
 * `{api_id, message, message_uuid}`), Plivo's error body `{api_id, error}`, and callbacks as Plivo
 * sends them: form posts signed with X-Plivo-Signature-V3 (and V2) under the Auth Token. Numbers in
 * callbacks carry no `+`, as Plivo's do. Inbound media is served behind the account's Basic auth.
 */
export async function startPlivoFake(options: PlivoFakeOptions = {}): Promise<PlivoFake> {
  const credentials = {
    authId: options.authId ?? `MA${randomBytes(9).toString('hex').toUpperCase()}`,
    authToken: options.authToken ?? randomBytes(20).toString('base64url'),
    baseUrl: '',
  };
  const sent = new Map<string, PlivoSent>();
  const media = new Map<string, { body: Uint8Array; contentType: string }>();
  const sequences = new Map<string, number>();
  const queue = createCallbackQueue();

  const signed = (url: string, params: Record<string, string>, faults: CallbackFaults) => {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'PlivoHTTP/1.0',
    };
    if (!faults.unsigned) {
      const token = faults.badSignature ? WRONG_SECRET : credentials.authToken;
      const nonce = String(randomBytes(10).readBigUInt64BE());
      const v3 = signPlivoV3(token, url, params, nonce);
      headers['x-plivo-signature-v3'] = v3;
      headers['x-plivo-signature-ma-v3'] = v3;
      headers['x-plivo-signature-v3-nonce'] = nonce;
      headers['x-plivo-signature-v2'] = signPlivoV2(token, url, nonce);
      headers['x-plivo-signature-ma-v2'] = headers['x-plivo-signature-v2'];
      headers['x-plivo-signature-v2-nonce'] = nonce;
    }
    return { method: 'POST' as const, url, headers, body: new URLSearchParams(params).toString() };
  };
  const statusSigner =
    (url: string): WebhookSigner<PlivoStatusEvent> =>
    (event, at) => {
      const request = sent.get(event.messageUuid)?.request ?? {};
      const sequence = (sequences.get(event.messageUuid) ?? 0) + 1;
      sequences.set(event.messageUuid, sequence);
      const time = new Date(at.seconds * 1000).toISOString().replace('T', ' ').replace('Z', '000+00:00');
      const failed = event.status === 'failed' || event.status === 'undelivered';
      const params: Record<string, string> = {
        From: digits(String(request.src ?? '15550003333')),
        To: digits(String(request.dst ?? '14155550100')),
        MessageUUID: event.messageUuid,
        ParentMessageUUID: event.messageUuid,
        PartInfo: '1 of 1',
        Status: event.status,
        Type: String(request.type ?? 'sms'),
        Units: '1',
        TotalRate: '0.00500',
        TotalAmount: '0.00500',
        MCC: '310',
        MNC: '260',
        PowerpackUUID: '',
        Sequence: String(sequence),
        MessageTime: time,
        QueuedTime: time,
        ...(event.status !== 'queued' ? { SentTime: time } : {}),
        ...(event.status === 'delivered' || failed ? { DeliveryReportTime: time } : {}),
        ...(failed ? { ErrorCode: event.errorCode ?? '50' } : {}),
      };
      return signed(url, params, at.faults);
    };
  const inboundSigner =
    (url: string): WebhookSigner<PlivoInboundEvent> =>
    (message, at) => {
      const uuid = message.messageUuid ?? randomUUID();
      const items = message.media ?? [];
      const params: Record<string, string> = {
        From: digits(message.from),
        To: digits(message.to),
        Type: items.length > 0 ? 'mms' : 'sms',
        MessageUUID: uuid,
        Units: '1',
        TotalRate: '0.00000',
        TotalAmount: '0.00000',
        MessageIntent: '',
        PowerpackUUID: '',
      };
      if (items.length > 0) {
        params.Body = message.text ?? '';
        params.MediaCount = String(items.length);
        for (const [n, item] of items.entries()) {
          const mediaId = randomUUID();
          media.set(mediaId, item);
          params[`Media${n + 1}`] =
            `${credentials.baseUrl}/v1/Account/${credentials.authId}/Media/${uuid}/${mediaId}/`;
        }
      } else params.Text = message.text ?? '';
      return signed(url, params, at.faults);
    };

  const apiId = () => randomUUID();
  const authorized = (header: string | undefined) =>
    header === `Basic ${Buffer.from(`${credentials.authId}:${credentials.authToken}`).toString('base64')}`;

  const app = new Hono();
  app.post('/v1/Account/:authId/Message/', async (c) => {
    if (!authorized(c.req.header('authorization')) || c.req.param('authId') !== credentials.authId)
      return c.json({ api_id: apiId(), error: 'authentication failed' }, 401);
    let request: Record<string, unknown>;
    try {
      request = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ api_id: apiId(), error: 'invalid JSON' }, 400);
    }
    const { src, dst, text, type } = request;
    const mediaUrls = request.media_urls;
    const bad = (error: string) => c.json({ api_id: apiId(), error }, 400);
    if (typeof src !== 'string' && typeof request.powerpack_uuid !== 'string')
      return bad('Either src or powerpack_uuid must be specified');
    if (typeof dst !== 'string' || !DST.test(dst)) return bad('invalid dst parameter');
    if (type !== undefined && type !== 'sms' && type !== 'mms') return bad('type must be sms or mms');
    if (type === 'mms') {
      if (!Array.isArray(mediaUrls) || mediaUrls.length === 0 || mediaUrls.length > 10)
        return bad('media_urls must hold 1 to 10 URLs for an mms');
      if (mediaUrls.some((u) => typeof u !== 'string' || !/^https?:\/\//.test(u)))
        return bad('invalid media_urls');
    } else if (typeof text !== 'string' || text === '') return bad('text parameter is required for sms');
    if (typeof text === 'string' && text.length > 1600) return bad('text exceeds 1600 characters');
    if (request.url !== undefined && (typeof request.url !== 'string' || !/^https?:\/\//.test(request.url)))
      return bad('invalid url parameter');

    const uuid = randomUUID();
    sent.set(uuid, { uuid, request });
    const outcome = options.outcome ?? 'delivered';
    if (typeof request.url === 'string' && outcome !== 'none') {
      const events: PlivoStatusEvent[] = [
        { messageUuid: uuid, status: 'queued' },
        { messageUuid: uuid, status: 'sent' },
        outcome === 'delivered'
          ? { messageUuid: uuid, status: 'delivered' }
          : { messageUuid: uuid, status: outcome, errorCode: outcome === 'failed' ? '40' : '70' },
      ];
      queue.enqueue(events, statusSigner(request.url), () => fake.callbackFaults);
    }
    return c.json({ api_id: apiId(), message: 'message(s) queued', message_uuid: [uuid] }, 202);
  });
  app.get('/v1/Account/:authId/Media/:uuid/:mediaId/', (c) => {
    if (!authorized(c.req.header('authorization')))
      return c.json({ api_id: apiId(), error: 'authentication failed' }, 401);
    const item = media.get(c.req.param('mediaId'));
    if (!item) return c.json({ api_id: apiId(), error: 'not found' }, 404);
    return c.body(item.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': item.contentType });
  });
  app.post('/_fake/inbound', async (c) => {
    const input = (await c.req.json()) as { from: string; to: string; body?: string };
    const responses = await fake.sendInbound(undefined, { from: input.from, to: input.to, text: input.body });
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  credentials.baseUrl = server.url;
  const fake: PlivoFake = Object.assign(server, {
    credentials,
    sent,
    // A plain property (Object.assign copies values, not accessors): the queue reads it at each delivery.
    callbackFaults: {} as CallbackFaults,
    sendStatus: (url: string, events: PlivoStatusEvent[], faults?: CallbackFaults) =>
      deliverWebhooks(events, statusSigner(url), faults),
    sendInbound(url: string | undefined, message: PlivoInboundEvent, faults?: CallbackFaults) {
      const target = url ?? options.inboundUrl;
      if (!target)
        throw new Error('plivo fake: no inbound URL (pass one, or start the fake with inboundUrl)');
      return deliverWebhooks([message], inboundSigner(target), faults);
    },
    settled: () => queue.settled(),
  });
  return fake;
}
