import { randomBytes, randomInt } from 'node:crypto';
import { Hono } from 'hono';
import { type CallbackFaults, createCallbackQueue, deliverWebhooks, newUuid } from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';

export type PostmarkFakeOptions = {
  serverToken?: string;
  /** Addresses Postmark refuses to mail (answers 422, ErrorCode 406). */
  inactiveRecipients?: string[];
  /** The webhook password (random by default). */
  webhookPassword?: string;
  /** After each accepted send, a `Delivery` webhook goes here (retried until acknowledged). */
  eventsUrl?: string;
  /** Where `POST /_fake/inbound {from,to,body}` delivers an inbound webhook. */
  inboundUrl?: string;
  host?: string;
  port?: number;
};

export type PostmarkSent = { messageId: string; email: Record<string, unknown> };

export type PostmarkFake = FakeServer & {
  credentials: { serverToken: string; baseUrl: string; webhookUsername: string; webhookPassword: string };
  sent: PostmarkSent[];
  /** Resolves when every automatic webhook sent so far was acknowledged. */
  settled(): Promise<void>;
  /** A webhook record of `recordType` (Delivery, Bounce, Open, Click, SpamComplaint, SubscriptionChange). */
  record(
    recordType: string,
    messageId: string,
    recipient: string,
    extra?: Record<string, unknown>,
  ): Record<string, unknown>;
  /** POSTs each record as its own webhook with the Basic credentials (faults: wrong/missing credentials, duplicates). */
  sendEvents(url: string, records: Record<string, unknown>[], faults?: CallbackFaults): Promise<Response[]>;
  /** POSTs an inbound email (Postmark's parsed JSON) with the Basic credentials. */
  sendInbound(url: string, email: Record<string, unknown>, faults?: CallbackFaults): Promise<Response[]>;
};

/**
 * Postmark's `POST /email` (X-Postmark-Server-Token, JSON validated, `{MessageID, ErrorCode: 0}`),
 * and its webhooks, which carry no signature: Basic credentials from the webhook URL instead.
 */
export async function startPostmarkFake(options: PostmarkFakeOptions = {}): Promise<PostmarkFake> {
  const serverToken = options.serverToken ?? newUuid();
  const webhookUsername = 'postmark';
  const webhookPassword = options.webhookPassword ?? randomBytes(12).toString('hex');
  const queue = createCallbackQueue();
  const inactive = new Set((options.inactiveRecipients ?? []).map((a) => a.toLowerCase()));
  const sent: PostmarkSent[] = [];

  const app = new Hono();
  app.post('/email', async (c) => {
    if (c.req.header('x-postmark-server-token') !== serverToken)
      return c.json(
        {
          ErrorCode: 10,
          Message: 'The Server Token you provided in the X-Postmark-Server-Token request header was invalid.',
        },
        401,
      );
    if (!c.req.header('accept')?.includes('application/json'))
      return c.json({ ErrorCode: 300, Message: 'Accept header must be application/json' }, 422);
    const email = (await c.req.json()) as Record<string, unknown>;
    if (!email.From || !email.To)
      return c.json({ ErrorCode: 300, Message: 'Invalid email request: From and To are required' }, 422);
    if (!email.TextBody && !email.HtmlBody)
      return c.json({ ErrorCode: 300, Message: 'Provide either email TextBody or HtmlBody or both.' }, 422);
    if (inactive.has(String(email.To).toLowerCase()))
      return c.json(
        { ErrorCode: 406, Message: 'You tried to send to recipient(s) that have been marked as inactive.' },
        422,
      );
    const messageId = newUuid();
    sent.push({ messageId, email });
    if (options.eventsUrl) {
      const eventsUrl = options.eventsUrl;
      queue.enqueue(
        [fake.record('Delivery', messageId, String(email.To))],
        (record) => ({
          method: 'POST',
          url: eventsUrl,
          headers: { 'content-type': 'application/json', ...authorization({}) },
          body: JSON.stringify(record),
        }),
        () => ({}),
      );
    }
    return c.json({
      To: email.To,
      SubmittedAt: new Date().toISOString(),
      MessageID: messageId,
      ErrorCode: 0,
      Message: 'OK',
    });
  });

  app.post('/_fake/inbound', async (c) => {
    if (!options.inboundUrl) return c.json({ error: 'no inboundUrl configured' }, 400);
    const input = (await c.req.json()) as { from: string; to: string; body?: string };
    const responses = await fake.sendInbound(options.inboundUrl, {
      MessageID: newUuid(),
      From: input.from,
      FromFull: { Email: input.from, Name: '' },
      To: input.to,
      ToFull: [{ Email: input.to, Name: '' }],
      OriginalRecipient: input.to,
      Subject: 'Hello',
      TextBody: input.body ?? '',
      Headers: [{ Name: 'Message-ID', Value: `<${newUuid()}@fake.postmark.test>` }],
      Attachments: [],
    });
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  const authorization = (faults: CallbackFaults): Record<string, string> => {
    if (faults.unsigned) return {};
    const password = faults.badSignature ? 'not-the-password' : webhookPassword;
    return { authorization: `Basic ${Buffer.from(`${webhookUsername}:${password}`).toString('base64')}` };
  };
  const post = (url: string, bodies: Record<string, unknown>[], faults: CallbackFaults) =>
    deliverWebhooks(
      bodies,
      (body) => ({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', ...authorization(faults) },
        body: JSON.stringify(body),
      }),
      faults,
    );

  const fake: PostmarkFake = {
    ...server,
    settled: () => queue.settled(),
    credentials: { serverToken, baseUrl: server.url, webhookUsername, webhookPassword },
    sent,
    record(recordType, messageId, recipient, extra = {}) {
      const at = new Date().toISOString();
      const common = {
        RecordType: recordType,
        MessageID: messageId,
        MessageStream: 'outbound',
        ServerID: 23,
        Metadata: {},
        Tag: '',
      };
      switch (recordType) {
        case 'Delivery':
          return {
            ...common,
            Recipient: recipient,
            DeliveredAt: at,
            Details: 'Test delivery webhook details',
            ...extra,
          };
        case 'Bounce':
        case 'SpamComplaint':
          return {
            ...common,
            ID: randomInt(1, 2 ** 31),
            Type: recordType === 'SpamComplaint' ? 'SpamComplaint' : 'HardBounce',
            TypeCode: recordType === 'SpamComplaint' ? 512 : 1,
            Email: recipient,
            From: 'sender@acme.test',
            BouncedAt: at,
            Description:
              'The server was unable to deliver your message (ex: unknown user, mailbox not found).',
            Details: 'smtp;550 5.1.1 The email account that you tried to reach does not exist.',
            Inactive: true,
            CanActivate: true,
            Subject: 'Test subject',
            ...extra,
          };
        case 'Open':
          return {
            ...common,
            Recipient: recipient,
            ReceivedAt: at,
            FirstOpen: true,
            UserAgent: 'Mozilla/5.0',
            ...extra,
          };
        case 'Click':
          return {
            ...common,
            Recipient: recipient,
            ReceivedAt: at,
            ClickLocation: 'HTML',
            OriginalLink: 'https://example.com',
            UserAgent: 'Mozilla/5.0',
            ...extra,
          };
        default:
          return {
            ...common,
            Recipient: recipient,
            ChangedAt: at,
            SuppressSending: true,
            SuppressionReason: 'ManualSuppression',
            ...extra,
          };
      }
    },
    sendEvents: (url, records, faults = {}) => post(url, records, faults),
    sendInbound: (url, email, faults = {}) => post(url, [email], faults),
  };
  return fake;
}
