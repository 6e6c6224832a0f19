import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  sha256Hex,
  signJwtHs256,
  verifyJwtRs256,
  type WebhookSigner,
  WRONG_SECRET,
} from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';
import { validateVonageSend } from './vonage.validate';

export type VonageFakeOptions = {
  host?: string;
  port?: number;
  applicationId?: string;
  /** The application's private key (PEM, PKCS #8); a new key pair by default. */
  privateKey?: string;
  apiKey?: string;
  apiSecret?: string;
  signatureSecret?: string;
  /** The application's status URL: where callbacks go for a message that names no `webhook_url`. */
  statusUrl?: string;
  /** The application's inbound URL: where `sendInbound()` and `POST /_fake/inbound` deliver by default. */
  inboundUrl?: string;
  /** `auto` (default): every accepted send is followed by `submitted` then `delivered` callbacks. */
  callbacks?: 'auto' | 'none';
};

export type VonageStatus = 'submitted' | 'delivered' | 'rejected' | 'undeliverable' | 'read';
export type VonageStatusEvent = {
  messageUuid: string;
  status: VonageStatus;
  to?: string;
  from?: string;
  clientRef?: string;
  /** Vonage's numeric error code, sent as `error.title` (rejected / undeliverable). */
  errorCode?: number;
  timestamp?: string;
};
export type VonageInboundEvent = {
  from: string;
  to: string;
  text?: string;
  imageUrl?: string;
  messageUuid?: string;
};
export type VonageSent = { messageUuid: string; request: Record<string, unknown>; auth: 'jwt' | 'basic' };

export type VonageFake = FakeServer & {
  credentials: {
    baseUrl: string;
    applicationId: string;
    privateKey: string;
    apiKey: string;
    apiSecret: string;
    signatureSecret: string;
  };
  /** Accepted sends, by message_uuid, in order. */
  sent: Map<string, VonageSent>;
  /** Faults applied to the callbacks the fake sends by itself after a send. */
  callbackFaults: CallbackFaults;
  /** Whether sends are followed by the fake's own status callbacks (starts as `options.callbacks`). */
  autoCallbacks: boolean;
  sendStatus(url: string, events: VonageStatusEvent[], faults?: CallbackFaults): Promise<Response[]>;
  sendInbound(
    url: string | undefined,
    message: VonageInboundEvent,
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  /** Hosts an inbound MMS attachment that downloads only with the application's JWT; returns its URL. */
  hostMedia(body: Uint8Array, contentType: string): string;
  /** Resolves when every automatic callback was acknowledged (or gave up). */
  settled(): Promise<void>;
};

const digits = (value: string) => value.replace(/^\+/, '');
const problem = (type: string, title: string, detail: string, extra: Record<string, unknown> = {}) => ({
  type: `https://developer.vonage.com/api-errors${type}`,
  title,
  detail,
  instance: randomUUID(),
  ...extra,
});

/**
 * Vonage's Messages API v1 (`POST /v1/messages`, JWT RS256 or Basic auth, 202 `{message_uuid}`),
 * with status and inbound webhooks signed as Vonage signs them: `Authorization: Bearer <JWT HS256>`
 * under the signature secret, with `payload_hash` = SHA-256 of the body. The fake owns the
 * application's key pair and hands out the private key as credentials.
 */
export async function startVonageFake(options: VonageFakeOptions = {}): Promise<VonageFake> {
  const { privateKey, publicKey } = options.privateKey
    ? { privateKey: createPrivateKey(options.privateKey), publicKey: createPublicKey(options.privateKey) }
    : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const credentials = {
    baseUrl: '',
    applicationId: options.applicationId ?? randomUUID(),
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    apiKey: options.apiKey ?? 'abcd1234',
    apiSecret: options.apiSecret ?? 'vonage-api-secret',
    signatureSecret: options.signatureSecret ?? 'vonage-signature-secret-0123456789',
  };
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const sent = new Map<string, VonageSent>();
  const media = new Map<string, { body: Uint8Array; contentType: string }>();
  const queue = createCallbackQueue();
  const state = { callbackFaults: {} as CallbackFaults, auto: options.callbacks !== 'none' };

  const signed = (
    url: string,
    payload: Record<string, unknown>,
    at: { seconds: number; faults: CallbackFaults },
  ) => {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const claims = {
      iat: at.seconds,
      jti: randomUUID(),
      iss: 'Vonage',
      payload_hash: sha256Hex(body),
      api_key: credentials.apiKey,
      application_id: credentials.applicationId,
    };
    const secret = at.faults.badSignature ? WRONG_SECRET : credentials.signatureSecret;
    if (!at.faults.unsigned) headers.authorization = `Bearer ${signJwtHs256(claims, secret)}`;
    return { method: 'POST' as const, url, headers, body };
  };
  const statusSigner =
    (url: string): WebhookSigner<VonageStatusEvent> =>
    (event, at) => {
      const original = sent.get(event.messageUuid)?.request;
      const failed = event.status === 'rejected' || event.status === 'undeliverable';
      return signed(
        url,
        {
          message_uuid: event.messageUuid,
          to: event.to ?? original?.to ?? '447700900000',
          from: event.from ?? original?.from ?? '447700900001',
          timestamp: event.timestamp ?? new Date(at.seconds * 1000).toISOString(),
          status: event.status,
          ...(failed
            ? {
                error: problem(
                  `/messages#${event.errorCode ?? 1250}`,
                  String(event.errorCode ?? 1250),
                  'The message could not be delivered.',
                ),
              }
            : {}),
          usage: { currency: 'EUR', price: '0.0333' },
          client_ref: event.clientRef ?? original?.client_ref,
          channel: original?.channel ?? 'sms',
          destination: { network_code: '23410' },
          sms: { count_total: '1' },
        },
        at,
      );
    };
  const inboundSigner =
    (url: string): WebhookSigner<VonageInboundEvent> =>
    (message, at) =>
      signed(
        url,
        {
          channel: message.imageUrl ? 'mms' : 'sms',
          message_uuid: message.messageUuid ?? randomUUID(),
          to: digits(message.to),
          from: digits(message.from),
          timestamp: new Date(at.seconds * 1000).toISOString(),
          ...(message.imageUrl
            ? { message_type: 'image', image: { url: message.imageUrl, caption: message.text } }
            : { message_type: 'text', text: message.text ?? '', sms: { num_messages: '1' } }),
          usage: { currency: 'EUR', price: '0.0057' },
        },
        at,
      );

  /** Bearer JWT (RS256 by the application's private key) or Basic key:secret, as Vonage accepts. */
  const authOf = (header: string | undefined): 'jwt' | 'basic' | undefined => {
    if (header?.startsWith('Bearer ')) {
      const claims = verifyJwtRs256(header.slice(7), publicPem);
      const now = Date.now() / 1000;
      const fresh = typeof claims?.iat === 'number' && Math.abs(now - claims.iat) < 15 * 60;
      const live = typeof claims?.exp !== 'number' || claims.exp > now;
      return claims?.application_id === credentials.applicationId && fresh && live ? 'jwt' : undefined;
    }
    if (header?.startsWith('Basic ')) {
      const [key, secret] = Buffer.from(header.slice(6), 'base64').toString().split(':');
      return key === credentials.apiKey && secret === credentials.apiSecret ? 'basic' : undefined;
    }
    return undefined;
  };
  const unauthorized = problem('#unauthorized', 'Unauthorized', 'You did not provide correct credentials.');

  const app = new Hono();
  app.post('/v1/messages', async (c) => {
    const auth = authOf(c.req.header('authorization'));
    if (!auth) return c.json(unauthorized, 401);
    let request: Record<string, unknown>;
    try {
      request = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json(problem('/messages#1000', 'Invalid JSON', 'The request body is not JSON.'), 400);
    }
    const invalid = validateVonageSend(request);
    if (invalid.length > 0)
      return c.json(
        problem('/messages#1150', 'Invalid params', 'The value of one or more parameters is invalid.', {
          invalid_parameters: invalid,
        }),
        422,
      );
    const messageUuid = randomUUID();
    sent.set(messageUuid, { messageUuid, request, auth });
    const url = (request.webhook_url as string | undefined) ?? options.statusUrl;
    if (url && state.auto)
      queue.enqueue(
        [
          { messageUuid, status: 'submitted' as const },
          { messageUuid, status: 'delivered' as const },
        ],
        statusSigner(url),
        () => state.callbackFaults,
      );
    return c.json({ message_uuid: messageUuid }, 202);
  });
  app.get('/v3/media/:id', (c) => {
    if (authOf(c.req.header('authorization')) !== 'jwt') return c.json(unauthorized, 401);
    const file = media.get(c.req.param('id'));
    if (!file) return c.json(problem('#not-found', 'Not Found', 'No such media.'), 404);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': file.contentType });
  });
  app.post('/_fake/inbound', async (c) => {
    const input = (await c.req.json()) as { from: string; to: string; body?: string; media?: string[] };
    const responses = await fake.sendInbound(undefined, {
      from: input.from,
      to: input.to,
      text: input.body,
      imageUrl: input.media?.[0],
    });
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  credentials.baseUrl = server.url;
  const fake = Object.assign(server, {
    credentials,
    sent,
    sendStatus: (url: string, events: VonageStatusEvent[], faults?: CallbackFaults) =>
      deliverWebhooks(events, statusSigner(url), faults),
    sendInbound(url: string | undefined, message: VonageInboundEvent, faults?: CallbackFaults) {
      const target = url ?? options.inboundUrl;
      if (!target)
        throw new Error('vonage fake: no inbound URL (pass one, or start the fake with inboundUrl)');
      return deliverWebhooks([message], inboundSigner(target), faults);
    },
    hostMedia(body: Uint8Array, contentType: string) {
      const id = randomUUID();
      media.set(id, { body, contentType });
      return `${server.url}/v3/media/${id}`;
    },
    settled: () => queue.settled(),
  });
  // Accessors, not copies: tests switch the fake's own callbacks on and off while it runs.
  return Object.defineProperties(fake, {
    callbackFaults: {
      get: () => state.callbackFaults,
      set: (v: CallbackFaults) => (state.callbackFaults = v),
    },
    autoCallbacks: { get: () => state.auto, set: (v: boolean) => (state.auto = v) },
  }) as VonageFake;
}
