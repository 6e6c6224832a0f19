import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  type WebhookSigner,
  WRONG_SECRET,
} from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';

export type BandwidthFakeOptions = {
  host?: string;
  port?: number;
  accountId?: string;
  /** Fixed credentials (a local demo's pasted config stays valid across restarts); random otherwise. */
  username?: string;
  password?: string;
  applicationId?: string;
  callbackPassword?: string;
  /** The messaging application's callback URL: every event (inbound and delivery) goes there. */
  callbackUrl?: string;
  /** After each accepted send: `message-delivered` (default), `message-failed`, or nothing. */
  outcome?: 'delivered' | 'failed' | 'none';
};

export type BandwidthStatusEvent = {
  messageId: string;
  type: 'message-sending' | 'message-delivered' | 'message-failed';
  errorCode?: number;
};
export type BandwidthInboundEvent = {
  from: string;
  to: string;
  text?: string;
  media?: { body: Uint8Array; contentType: string; name?: string }[];
  messageId?: string;
};
export type BandwidthSent = { id: string; request: Record<string, unknown> };

export type BandwidthFake = FakeServer & {
  credentials: {
    accountId: string;
    username: string;
    password: string;
    applicationId: string;
    callbackUsername: string;
    callbackPassword: string;
    baseUrl: string;
  };
  sent: Map<string, BandwidthSent>;
  /** The application's callback URL (settable once IRIS's URL is known). */
  callbackUrl: string | undefined;
  callbackFaults: CallbackFaults;
  sendStatus(
    url: string | undefined,
    events: BandwidthStatusEvent[],
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  sendInbound(
    url: string | undefined,
    message: BandwidthInboundEvent,
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  settled(): Promise<void>;
};

const E164 = /^\+[1-9]\d{6,14}$/;
const DESCRIPTIONS: Record<number, string> = {
  4720: 'Carrier Rejected as Invalid Destination Address',
  4770: 'Carrier Rejected as SPAM',
  4775: 'Carrier Rejected due to user opt out',
};

/**
 * Bandwidth Messaging v2: `POST /api/v2/users/{accountId}/messages` (HTTP Basic, JSON, 202 with the
 * message), Bandwidth's error body `{type, description, fieldErrors}`, and callbacks as Bandwidth
 * sends them: a JSON array of events posted to the application's callback URL with the
 * application's callback credentials as HTTP Basic. Inbound media is served behind the API user.
 */
export async function startBandwidthFake(options: BandwidthFakeOptions = {}): Promise<BandwidthFake> {
  const credentials = {
    accountId: options.accountId ?? String(9_900_000 + Math.floor(Math.random() * 99_999)),
    username: options.username ?? `api-user-${randomBytes(3).toString('hex')}`,
    password: options.password ?? randomBytes(12).toString('base64url'),
    applicationId: options.applicationId ?? randomUUID(),
    callbackUsername: 'iris-callbacks',
    callbackPassword: options.callbackPassword ?? randomBytes(12).toString('base64url'),
    baseUrl: '',
  };
  const sent = new Map<string, BandwidthSent>();
  const media = new Map<string, { body: Uint8Array; contentType: string }>();
  const queue = createCallbackQueue();
  const messageId = () => `${Date.now()}${randomBytes(6).toString('hex')}`;

  const signed = (url: string, events: Record<string, unknown>[], faults: CallbackFaults) => {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    const password = faults.badSignature ? WRONG_SECRET : credentials.callbackPassword;
    if (!faults.unsigned)
      headers.authorization = `Basic ${Buffer.from(`${credentials.callbackUsername}:${password}`).toString('base64')}`;
    return { method: 'POST' as const, url, headers, body: JSON.stringify(events) };
  };
  const statusSigner =
    (url: string): WebhookSigner<BandwidthStatusEvent> =>
    (event, at) => {
      const request = sent.get(event.messageId)?.request ?? {};
      const to = (request.to as string[] | undefined) ?? ['+14155550100'];
      const time = new Date(at.seconds * 1000).toISOString();
      const failed = event.type === 'message-failed';
      const errorCode = failed ? (event.errorCode ?? 4720) : undefined;
      return signed(
        url,
        [
          {
            type: event.type,
            time,
            description: failed
              ? (DESCRIPTIONS[errorCode!] ?? 'Message failed')
              : event.type === 'message-delivered'
                ? 'Message delivered to carrier.'
                : 'Message is sending to carrier',
            to: to[0],
            ...(failed ? { errorCode } : {}),
            message: {
              id: event.messageId,
              owner: request.from ?? '+15550002222',
              applicationId: credentials.applicationId,
              time,
              segmentCount: 1,
              direction: 'out',
              to,
              from: request.from ?? '+15550002222',
              text: '',
              ...(Array.isArray(request.media) ? { media: request.media } : {}),
              ...(request.tag !== undefined ? { tag: request.tag } : {}),
            },
          },
        ],
        at.faults,
      );
    };
  const inboundSigner =
    (url: string): WebhookSigner<BandwidthInboundEvent> =>
    (message, at) => {
      const id = message.messageId ?? messageId();
      const urls = (message.media ?? []).map((item, n) => {
        const mediaId = `${id}/${n}/${item.name ?? `file${n}`}`;
        media.set(mediaId, item);
        return `${credentials.baseUrl}/api/v2/users/${credentials.accountId}/media/${mediaId}`;
      });
      const time = new Date(at.seconds * 1000).toISOString();
      return signed(
        url,
        [
          {
            type: 'message-received',
            time,
            description: 'Incoming message received',
            to: message.to,
            message: {
              id,
              owner: message.to,
              applicationId: credentials.applicationId,
              time,
              segmentCount: 1,
              direction: 'in',
              to: [message.to],
              from: message.from,
              text: message.text ?? '',
              ...(urls.length > 0 ? { media: urls } : {}),
            },
          },
        ],
        at.faults,
      );
    };

  const apiAuthorized = (header: string | undefined) =>
    header === `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const unauthorized = { type: 'unauthorized', description: 'Authentication Failed' };
  const invalid = (fieldErrors: { fieldName: string; description: string }[]) => ({
    type: 'request-validation',
    description: 'Your request could not be accepted',
    fieldErrors,
  });

  const app = new Hono();
  app.post('/api/v2/users/:accountId/messages', async (c) => {
    if (!apiAuthorized(c.req.header('authorization'))) return c.json(unauthorized, 401);
    if (c.req.param('accountId') !== credentials.accountId)
      return c.json({ type: 'forbidden', description: 'Access Denied' }, 403);
    let request: Record<string, unknown>;
    try {
      request = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ type: 'request-validation', description: 'Your request could not be accepted' }, 400);
    }
    const problems: { fieldName: string; description: string }[] = [];
    const { to, from, text, applicationId } = request;
    const mediaUrls = request.media;
    if (
      !Array.isArray(to) ||
      to.length === 0 ||
      to.length > 50 ||
      to.some((n) => typeof n !== 'string' || !E164.test(n))
    )
      problems.push({
        fieldName: 'to',
        description: "'+1invalid' must be replaced with a valid E164 formatted telephone number",
      });
    if (typeof from !== 'string' || !E164.test(from))
      problems.push({
        fieldName: 'from',
        description: "'from' must be a valid E164 formatted telephone number",
      });
    if (applicationId !== credentials.applicationId)
      problems.push({
        fieldName: 'applicationId',
        description: "'applicationId' is not a messaging application of this account",
      });
    const hasMedia = Array.isArray(mediaUrls) && mediaUrls.length > 0;
    if ((typeof text !== 'string' || text === '') && !hasMedia)
      problems.push({ fieldName: 'text', description: "'text' must be provided when no media is given" });
    if (typeof text === 'string' && text.length > 2048)
      problems.push({ fieldName: 'text', description: "'text' must be at most 2048 characters" });
    if (typeof request.tag === 'string' && request.tag.length > 1024)
      problems.push({ fieldName: 'tag', description: "'tag' must be at most 1024 characters" });
    if (problems.length > 0) return c.json(invalid(problems), 400);

    const id = messageId();
    sent.set(id, { id, request });
    const outcome = options.outcome ?? 'delivered';
    if (fake.callbackUrl && outcome !== 'none') {
      const events: BandwidthStatusEvent[] = [
        ...(hasMedia ? [{ messageId: id, type: 'message-sending' as const }] : []),
        outcome === 'failed'
          ? { messageId: id, type: 'message-failed' as const, errorCode: 4720 }
          : { messageId: id, type: 'message-delivered' as const },
      ];
      queue.enqueue(events, statusSigner(fake.callbackUrl), () => fake.callbackFaults);
    }
    const time = new Date().toISOString();
    return c.json(
      {
        id,
        owner: from,
        applicationId,
        time,
        segmentCount: 1,
        direction: 'out',
        to,
        from,
        text: text ?? '',
        ...(hasMedia ? { media: mediaUrls } : {}),
        ...(request.tag !== undefined ? { tag: request.tag } : {}),
        priority: request.priority ?? 'default',
      },
      202,
    );
  });
  app.get('/api/v2/users/:accountId/media/*', (c) => {
    if (!apiAuthorized(c.req.header('authorization'))) return c.json(unauthorized, 401);
    const mediaId = c.req.path.split('/media/')[1] ?? '';
    const item = media.get(decodeURIComponent(mediaId));
    if (!item) return c.json({ type: 'object-not-found', description: 'Media not found' }, 404);
    return c.body(item.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': item.contentType });
  });
  app.post('/_fake/inbound', async (c) => {
    const input = (await c.req.json()) as { from: string; to: string; body?: string };
    const responses = await fake.sendInbound(undefined, { from: input.from, to: input.to, text: input.body });
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const target = (url: string | undefined) => {
    const chosen = url ?? fake.callbackUrl;
    if (!chosen) throw new Error('bandwidth fake: no callback URL (pass one, or set fake.callbackUrl)');
    return chosen;
  };
  const server = await startFakeServer({ app, host: options.host, port: options.port });
  credentials.baseUrl = server.url;
  const fake: BandwidthFake = Object.assign(server, {
    credentials,
    sent,
    callbackUrl: options.callbackUrl,
    // A plain property (Object.assign copies values, not accessors): the queue reads it at each delivery.
    callbackFaults: {} as CallbackFaults,
    sendStatus: (url: string | undefined, events: BandwidthStatusEvent[], faults?: CallbackFaults) =>
      deliverWebhooks(events, statusSigner(target(url)), faults),
    sendInbound: (url: string | undefined, message: BandwidthInboundEvent, faults?: CallbackFaults) =>
      deliverWebhooks([message], inboundSigner(target(url)), faults),
    settled: () => queue.settled(),
  });
  return fake;
}
