import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  type OutgoingWebhook,
  sha256Hex,
  signJwtHs256,
  type WebhookSigner,
  WRONG_SECRET,
} from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';

export type MessageBirdFakeOptions = {
  host?: string;
  port?: number;
  accessKey?: string;
  signingKey?: string;
  /** The account's status report URL: used for messages sent without a `reportUrl`. */
  statusUrl?: string;
  /** The Flow Builder "Forward to URL" target: where `sendInbound()` and `POST /_fake/inbound` go. */
  inboundUrl?: string;
  /** `auto` (default): a message with a `reference` gets `sent` then `delivered` status reports. */
  callbacks?: 'auto' | 'none';
};

export type MessageBirdStatus =
  | 'scheduled'
  | 'sent'
  | 'buffered'
  | 'delivered'
  | 'expired'
  | 'delivery_failed';
export type MessageBirdStatusEvent = {
  id: string;
  status: MessageBirdStatus;
  recipient?: string;
  reference?: string;
  statusDatetime?: string;
  statusErrorCode?: number;
  statusReason?: string;
};
export type MessageBirdInboundEvent = { from: string; to: string; text: string; id?: string };
export type MessageBirdSent = { id: string; kind: 'sms' | 'mms'; request: Record<string, unknown> };

export type MessageBirdFake = FakeServer & {
  credentials: { baseUrl: string; accessKey: string; signingKey: string };
  /** Accepted sends by message id, in order. */
  sent: Map<string, MessageBirdSent>;
  /** Faults applied to the status reports the fake sends by itself. */
  callbackFaults: CallbackFaults;
  /** Whether sends are followed by the fake's own status callbacks (starts as `options.callbacks`). */
  autoCallbacks: boolean;
  sendStatus(url: string, events: MessageBirdStatusEvent[], faults?: CallbackFaults): Promise<Response[]>;
  sendInbound(
    url: string | undefined,
    message: MessageBirdInboundEvent,
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  settled(): Promise<void>;
};

/** MessageBird writes times as RFC 3339 with a numeric offset. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
const digits = (value: string) => value.replace(/^\+/, '');
const errors = (...list: { code: number; description: string; parameter: string | null }[]) => ({
  errors: list,
});

/**
 * MessageBird's SMS REST API (`POST /messages`, `POST /mms`, `Authorization: AccessKey <key>`,
 * `{"errors": [...]}` on failure) with webhooks signed as MessageBird signs them: the
 * `MessageBird-Signature-JWT` header, HS256 under the signing key, `nbf`/`exp` a minute apart,
 * `url_hash` over the full URL and `payload_hash` over a body. Status reports are GET requests.
 */
export async function startMessageBirdFake(options: MessageBirdFakeOptions = {}): Promise<MessageBirdFake> {
  const credentials = {
    baseUrl: '',
    accessKey: options.accessKey ?? 'live_fake_access_key',
    signingKey: options.signingKey ?? 'messagebird-signing-key',
  };
  const sent = new Map<string, MessageBirdSent>();
  const queue = createCallbackQueue();
  const state = { callbackFaults: {} as CallbackFaults, auto: options.callbacks !== 'none' };

  function sign(webhook: OutgoingWebhook, at: { seconds: number; faults: CallbackFaults }): OutgoingWebhook {
    if (at.faults.unsigned) return webhook;
    const claims = {
      iss: 'MessageBird',
      nbf: at.seconds,
      exp: at.seconds + 60,
      jti: randomUUID(),
      url_hash: sha256Hex(webhook.url),
      ...(webhook.body ? { payload_hash: sha256Hex(webhook.body) } : {}),
    };
    const key = at.faults.badSignature ? WRONG_SECRET : credentials.signingKey;
    return {
      ...webhook,
      headers: { ...webhook.headers, 'MessageBird-Signature-JWT': signJwtHs256(claims, key) },
    };
  }
  const statusSigner =
    (reportUrl: string): WebhookSigner<MessageBirdStatusEvent> =>
    (event, at) => {
      const original = sent.get(event.id)?.request as
        | { reference?: string; recipients?: unknown[] }
        | undefined;
      const query = new URLSearchParams({
        id: event.id,
        reference: event.reference ?? original?.reference ?? '',
        recipient: digits(event.recipient ?? String(original?.recipients?.[0] ?? '31612345678')),
        status: event.status,
        statusDatetime: event.statusDatetime ?? rfc3339(at.seconds * 1000),
      });
      if (event.statusErrorCode !== undefined) query.set('statusErrorCode', String(event.statusErrorCode));
      if (event.statusReason) query.set('statusReason', event.statusReason);
      const url = `${reportUrl}${reportUrl.includes('?') ? '&' : '?'}${query}`;
      return sign({ method: 'GET', url, headers: {} }, at);
    };
  const inboundSigner =
    (url: string): WebhookSigner<MessageBirdInboundEvent> =>
    (message, at) => {
      const body = new URLSearchParams({
        id: message.id ?? randomBytes(16).toString('hex'),
        recipient: digits(message.to),
        originator: digits(message.from),
        payload: message.text,
        createdDatetime: rfc3339(at.seconds * 1000),
      }).toString();
      return sign(
        { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
        at,
      );
    };

  const app = new Hono();
  const accept = (kind: 'sms' | 'mms') => async (c: import('hono').Context) => {
    if (c.req.header('authorization') !== `AccessKey ${credentials.accessKey}`)
      return c.json(
        errors({
          code: 2,
          description: 'Request not allowed (incorrect access_key)',
          parameter: 'access_key',
        }),
        401,
      );
    let request: Record<string, unknown>;
    try {
      request = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json(errors({ code: 21, description: 'Bad request (invalid JSON)', parameter: null }), 400);
    }
    const problems = validate(kind, request);
    if (problems.length > 0) return c.json(errors(...problems), 422);
    const id = randomBytes(16).toString('hex');
    sent.set(id, { id, kind, request });
    const now = Date.now();
    const recipients = (request.recipients as (string | number)[]).map((r) => ({
      recipient: Number(r),
      status: 'sent',
      statusDatetime: rfc3339(now),
      messagePartCount: 1,
    }));
    const reportUrl = (request.reportUrl as string | undefined) ?? options.statusUrl;
    if (reportUrl && request.reference && state.auto)
      queue.enqueue(
        [
          { id, status: 'sent' as const },
          { id, status: 'delivered' as const },
        ],
        statusSigner(reportUrl),
        () => state.callbackFaults,
      );
    return c.json(
      {
        id,
        href: `${credentials.baseUrl}/${kind === 'sms' ? 'messages' : 'mms'}/${id}`,
        direction: 'mt',
        ...(kind === 'sms'
          ? { type: 'sms', datacoding: 'plain', mclass: 1, gateway: 10, typeDetails: {}, validity: null }
          : { subject: request.subject ?? null, mediaUrls: request.mediaUrls ?? [] }),
        originator: request.originator,
        body: request.body ?? null,
        reference: request.reference ?? null,
        ...(kind === 'sms' ? { reportUrl: request.reportUrl ?? null } : {}),
        scheduledDatetime: null,
        createdDatetime: rfc3339(now),
        recipients: {
          totalCount: recipients.length,
          totalSentCount: recipients.length,
          totalDeliveredCount: 0,
          totalDeliveryFailedCount: 0,
          items: recipients,
        },
      },
      201,
    );
  };
  app.post('/messages', accept('sms'));
  app.post('/mms', accept('mms'));
  app.post('/_fake/inbound', async (c) => {
    const input = (await c.req.json()) as { from: string; to: string; body?: string };
    const responses = await fake.sendInbound(undefined, {
      from: input.from,
      to: input.to,
      text: input.body ?? '',
    });
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  credentials.baseUrl = server.url;
  const fake = Object.assign(server, {
    credentials,
    sent,
    sendStatus: (url: string, events: MessageBirdStatusEvent[], faults?: CallbackFaults) =>
      deliverWebhooks(events, statusSigner(url), faults),
    sendInbound(url: string | undefined, message: MessageBirdInboundEvent, faults?: CallbackFaults) {
      const target = url ?? options.inboundUrl;
      if (!target)
        throw new Error('messagebird fake: no inbound URL (pass one, or start it with inboundUrl)');
      return deliverWebhooks([message], inboundSigner(target), faults);
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
  }) as MessageBirdFake;
}

type Problem = { code: number; description: string; parameter: string };

/** MessageBird's checks on a send: code 9 for a missing parameter, 10 for an invalid one. */
function validate(kind: 'sms' | 'mms', request: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const { originator, recipients, body, mediaUrls, reference } = request;
  if (originator === undefined)
    problems.push({ code: 9, description: 'originator is required', parameter: 'originator' });
  else if (
    typeof originator !== 'string' ||
    !(/^\+?\d{1,17}$/.test(originator) || /^[A-Za-z0-9 ]{1,11}$/.test(originator))
  )
    problems.push({ code: 10, description: 'originator is invalid', parameter: 'originator' });
  const valid = (r: unknown) =>
    (typeof r === 'string' || typeof r === 'number') && /^\d{6,17}$/.test(String(r));
  if (!Array.isArray(recipients) || recipients.length === 0 || !recipients.every(valid))
    problems.push({ code: 9, description: 'no (correct) recipients found', parameter: 'recipients' });
  const hasMedia = Array.isArray(mediaUrls) && mediaUrls.length > 0;
  if (kind === 'sms' && (typeof body !== 'string' || body.length === 0))
    problems.push({ code: 9, description: 'body is required', parameter: 'body' });
  if (kind === 'mms' && !hasMedia && typeof body !== 'string')
    problems.push({ code: 9, description: 'body or mediaUrls is required', parameter: 'mediaUrls' });
  if (
    kind === 'mms' &&
    hasMedia &&
    !(mediaUrls as unknown[]).every((u) => typeof u === 'string' && /^https?:\/\//.test(u))
  )
    problems.push({ code: 10, description: 'mediaUrls must be URLs', parameter: 'mediaUrls' });
  if (reference !== undefined && (typeof reference !== 'string' || reference.length > 128))
    problems.push({ code: 10, description: 'reference is at most 128 characters', parameter: 'reference' });
  return problems;
}
