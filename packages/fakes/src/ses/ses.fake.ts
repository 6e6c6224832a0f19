import { createPrivateKey, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { type CallbackFaults, createCallbackQueue, deliverWebhooks, newUuid } from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';
import { checkSigV4 } from './sigv4-check';

export type SesFakeOptions = {
  region?: string;
  /** Recipients SES refuses (`MessageRejected`, as for an account-level suppressed address). */
  suppressed?: string[];
  /** SNS SignatureVersion the fake signs with: 1 (SHA1withRSA) or 2 (SHA256withRSA). */
  signatureVersion?: '1' | '2';
  /** Fixed credentials (random by default). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** After each accepted send, an SNS notification of a `Delivery` event goes here (retried until acknowledged). */
  eventsUrl?: string;
  host?: string;
  port?: number;
};

export type SesSent = { messageId: string; email: Record<string, unknown> };

export type SesFake = FakeServer & {
  credentials: {
    region: string;
    accessKeyId: string;
    secretAccessKey: string;
    baseUrl: string;
    snsCertUrlPattern: string;
    snsTopicArns: string[];
  };
  topicArn: string;
  sent: SesSent[];
  /** Subscription confirmations visited (their tokens). */
  confirmations: string[];
  /** Resolves when every automatic notification sent so far was acknowledged. */
  settled(): Promise<void>;
  /** An SES event record (the JSON SES publishes to SNS) about a sent message. */
  event(
    eventType: string,
    messageId: string,
    recipient: string,
    detail?: Record<string, unknown>,
  ): Record<string, unknown>;
  /** The SNS Notification envelope around one event record, signed (or mis-signed per faults). */
  notification(record: Record<string, unknown>, faults?: CallbackFaults): Record<string, unknown>;
  /** POSTs SNS notifications (one per record) the way SNS delivers to an HTTP(S) subscriber. */
  sendNotifications(
    url: string,
    records: Record<string, unknown>[],
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  /** POSTs the SubscriptionConfirmation SNS sends when the endpoint is subscribed. */
  sendSubscriptionConfirmation(url: string, faults?: CallbackFaults): Promise<Response[]>;
};

const SNS_KEY = createPrivateKey(readFileSync(new URL('./sns-signing.key.pem', import.meta.url)));
const SNS_CERT = readFileSync(new URL('./sns-signing.cert.pem', import.meta.url), 'utf8');
let wrongKey: KeyObject | undefined;

/** The canonical "Key\nvalue\n" string SNS signs, per message type. */
export function snsCanonicalString(message: Record<string, string | undefined>) {
  const fields =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return fields
    .filter((f) => message[f] !== undefined)
    .map((f) => `${f}\n${message[f]}\n`)
    .join('');
}

/**
 * Amazon SES v2 SendEmail (SigV4 checked against the fake's secret, Simple content validated) and
 * the SNS side of SES events: notifications and subscription confirmations signed with the fake's
 * own certificate, served at its SigningCertURL.
 */
export async function startSesFake(options: SesFakeOptions = {}): Promise<SesFake> {
  const region = options.region ?? 'eu-west-1';
  const accessKeyId = options.accessKeyId ?? `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = options.secretAccessKey ?? randomBytes(30).toString('base64');
  const queue = createCallbackQueue();
  const suppressed = new Set((options.suppressed ?? []).map((a) => a.toLowerCase()));
  const topicArn = `arn:aws:sns:${region}:123456789012:ses-events`;
  const sent: SesSent[] = [];
  const confirmations: string[] = [];

  const app = new Hono();
  const error = (type: string, message: string, status: 400 | 403 | 429) =>
    new Response(JSON.stringify({ message }), {
      status,
      headers: {
        'content-type': 'application/json',
        'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/`,
      },
    });
  app.post('/v2/email/outbound-emails', async (c) => {
    const body = await c.req.text();
    const auth = checkSigV4(
      { method: 'POST', url: c.req.url, headers: c.req.raw.headers, body },
      { [accessKeyId]: secretAccessKey },
    );
    if (!auth.ok) return error('SignatureDoesNotMatch', auth.reason, 403);
    if (auth.service !== 'ses' || auth.region !== region)
      return error('SignatureDoesNotMatch', 'Credential should be scoped to a valid region and service', 403);
    const email = JSON.parse(body) as {
      FromEmailAddress?: string;
      Destination?: { ToAddresses?: string[] };
      Content?: {
        Simple?: {
          Subject?: { Data?: string };
          Body?: { Text?: unknown; Html?: unknown };
          Headers?: unknown[];
        };
      };
    };
    const simple = email.Content?.Simple;
    if (
      !email.FromEmailAddress ||
      !email.Destination?.ToAddresses?.length ||
      !simple?.Subject ||
      !(simple.Body?.Text || simple.Body?.Html)
    )
      return error('BadRequestException', 'Missing required field', 400);
    if ((simple.Headers?.length ?? 0) > 15) return error('BadRequestException', 'Too many headers', 400);
    if (email.Destination.ToAddresses.some((a) => suppressed.has(a.toLowerCase())))
      return error('MessageRejected', 'Email address is on the suppression list for your account.', 400);
    const messageId = `0102018f${randomBytes(4).toString('hex')}-${newUuid()}-000000`;
    sent.push({ messageId, email: email as Record<string, unknown> });
    if (options.eventsUrl) {
      const to = email.Destination.ToAddresses[0]!;
      const record = fake.event('Delivery', messageId, to, {
        recipients: [to],
        smtpResponse: '250 2.0.0 OK',
      });
      queue.enqueue(
        [fake.notification(record)],
        (message) => snsPost(options.eventsUrl!, message),
        () => ({}),
      );
    }
    return c.json({ MessageId: messageId });
  });
  app.get('/sns/cert.pem', (c) => c.text(SNS_CERT));
  app.get('/sns/confirm', (c) => {
    confirmations.push(c.req.query('Token') ?? '');
    return c.body(
      `<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>${topicArn}:${newUuid()}</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>`,
      200,
      { 'content-type': 'text/xml' },
    );
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  const certUrl = `${server.url}/sns/cert.pem`;
  const signatureVersion = options.signatureVersion ?? '2';

  const signed = (message: Record<string, string>, faults: CallbackFaults) => {
    if (faults.unsigned) return { ...message, SignatureVersion: signatureVersion, SigningCertURL: certUrl };
    // A wrong key (generated once, lazily): signed by someone without the certificate's key.
    wrongKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const key = faults.badSignature ? wrongKey : SNS_KEY;
    const signature = sign(
      signatureVersion === '1' ? 'sha1' : 'sha256',
      Buffer.from(snsCanonicalString(message)),
      key,
    );
    return {
      ...message,
      SignatureVersion: signatureVersion,
      Signature: signature.toString('base64'),
      SigningCertURL: certUrl,
    };
  };
  const snsPost = (url: string, message: Record<string, unknown>) => ({
    method: 'POST' as const,
    url,
    headers: {
      'content-type': 'text/plain; charset=UTF-8',
      'x-amz-sns-message-type': String(message.Type),
      'x-amz-sns-message-id': String(message.MessageId),
      'x-amz-sns-topic-arn': topicArn,
    },
    body: JSON.stringify(message),
  });
  const post = (url: string, messages: Record<string, unknown>[], faults: CallbackFaults) =>
    deliverWebhooks(messages, (message) => snsPost(url, message), faults);

  const fake: SesFake = {
    ...server,
    credentials: {
      region,
      accessKeyId,
      secretAccessKey,
      baseUrl: server.url,
      snsCertUrlPattern: `^${server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/sns/`,
      snsTopicArns: [topicArn],
    },
    topicArn,
    sent,
    confirmations,
    settled: () => queue.settled(),
    event(eventType, messageId, recipient, detail = {}) {
      const timestamp = new Date().toISOString();
      const key =
        eventType === 'DeliveryDelay'
          ? 'deliveryDelay'
          : eventType.charAt(0).toLowerCase() + eventType.slice(1);
      return {
        eventType,
        mail: {
          timestamp,
          source: 'news@acme.test',
          sourceArn: `arn:aws:ses:${region}:123456789012:identity/acme.test`,
          sendingAccountId: '123456789012',
          messageId,
          destination: [recipient],
          headersTruncated: false,
          tags: { iris_message_id: ['msg_x'] },
        },
        [key]: { timestamp, ...detail },
      };
    },
    notification(record, faults = {}) {
      return signed(
        {
          Type: 'Notification',
          MessageId: newUuid(),
          TopicArn: topicArn,
          Message: JSON.stringify(record),
          Timestamp: new Date().toISOString(),
          UnsubscribeURL: `${server.url}/sns/unsubscribe?SubscriptionArn=${topicArn}:x`,
        },
        faults,
      );
    },
    sendNotifications(url, records, faults = {}) {
      return post(
        url,
        records.map((record) => fake.notification(record, faults)),
        faults,
      );
    },
    sendSubscriptionConfirmation(url, faults = {}) {
      const token = randomBytes(32).toString('hex');
      const message = signed(
        {
          Type: 'SubscriptionConfirmation',
          MessageId: newUuid(),
          Token: token,
          TopicArn: topicArn,
          Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
          SubscribeURL: `${server.url}/sns/confirm?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(topicArn)}&Token=${token}`,
          Timestamp: new Date().toISOString(),
        },
        faults,
      );
      return post(url, [message], faults);
    },
  };
  return fake;
}
