import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  type WebhookSigner,
  WRONG_SECRET,
} from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';

export type SinchFakeOptions = {
  host?: string;
  port?: number;
  servicePlanId?: string;
  apiToken?: string;
  webhookSecret?: string;
  /** The service plan's default callback URL: for batches sent without `callback_url`. */
  statusUrl?: string;
  /** The plan's inbound callback URL: where `sendInbound()` and `POST /_fake/inbound` deliver. */
  inboundUrl?: string;
  /** `auto` (default): a batch asking for reports gets `Dispatched` then `Delivered` ones. */
  callbacks?: 'auto' | 'none';
};

export type SinchStatus =
  | 'Queued'
  | 'Dispatched'
  | 'Delivered'
  | 'Failed'
  | 'Expired'
  | 'Rejected'
  | 'Aborted'
  | 'Cancelled'
  | 'Deleted'
  | 'Unknown';
export type SinchStatusEvent = {
  batchId: string;
  status: SinchStatus;
  code?: number;
  recipient?: string;
  at?: string;
};
export type SinchInboundEvent = { from: string; to: string; text?: string; mediaUrl?: string; id?: string };
export type SinchSent = { batchId: string; request: Record<string, unknown> };

export type SinchFake = FakeServer & {
  credentials: { baseUrl: string; servicePlanId: string; apiToken: string; webhookSecret: string };
  /** Accepted batches by id, in order. */
  sent: Map<string, SinchSent>;
  /** Faults applied to the delivery reports the fake sends by itself. */
  callbackFaults: CallbackFaults;
  /** Whether sends are followed by the fake's own status callbacks (starts as `options.callbacks`). */
  autoCallbacks: boolean;
  sendStatus(url: string, events: SinchStatusEvent[], faults?: CallbackFaults): Promise<Response[]>;
  sendInbound(
    url: string | undefined,
    message: SinchInboundEvent,
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  /** Hosts an inbound MMS attachment (downloadable with the plan's API token); returns its URL. */
  hostMedia(body: Uint8Array, contentType: string): string;
  settled(): Promise<void>;
};

/** Sinch's detailed status codes for the statuses the fake reports (0 = delivered). */
const CODES: Record<SinchStatus, number> = {
  Queued: 400,
  Dispatched: 401,
  Delivered: 0,
  Aborted: 402,
  Failed: 404,
  Rejected: 408,
  Expired: 406,
  Cancelled: 407,
  Deleted: 414,
  Unknown: 416,
};
/** Batch and inbound ids look like Sinch's: 26 characters of Crockford base32 (a ULID). */
const sinchId = () => Array.from(randomBytes(26), (b) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[b % 32]).join('');
const digits = (value: string) => value.replace(/^\+/, '');

/**
 * Sinch's SMS REST API (`POST /xms/v1/{service_plan_id}/batches`, Bearer token, `{code, text}`
 * errors) with callbacks signed as Sinch signs them when HMAC is set up for the plan:
 * `x-sinch-webhook-signature` = base64(HMAC-SHA256(secret, body.nonce.timestamp)).
 */
export async function startSinchFake(options: SinchFakeOptions = {}): Promise<SinchFake> {
  const credentials = {
    baseUrl: '',
    servicePlanId: options.servicePlanId ?? 'fakeplan0123456789',
    apiToken: options.apiToken ?? 'sinch-api-token',
    webhookSecret: options.webhookSecret ?? 'sinch-webhook-secret',
  };
  const sent = new Map<string, SinchSent>();
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
    if (!at.faults.unsigned) {
      const nonce = randomUUID();
      const timestamp = String(at.seconds);
      const key = at.faults.badSignature ? WRONG_SECRET : credentials.webhookSecret;
      headers['x-sinch-webhook-signature-timestamp'] = timestamp;
      headers['x-sinch-webhook-signature-nonce'] = nonce;
      headers['x-sinch-webhook-signature-algorithm'] = 'HmacSHA256';
      headers['x-sinch-webhook-signature'] = createHmac('sha256', key)
        .update(`${body}.${nonce}.${timestamp}`)
        .digest('base64');
    }
    return { method: 'POST' as const, url, headers, body };
  };
  const statusSigner =
    (url: string): WebhookSigner<SinchStatusEvent> =>
    (event, at) => {
      const original = sent.get(event.batchId)?.request as
        | { to?: string[]; client_reference?: string; type?: string }
        | undefined;
      const when = event.at ?? new Date(at.seconds * 1000).toISOString();
      return signed(
        url,
        {
          type:
            original?.type === 'mt_media' ? 'recipient_delivery_report_mms' : 'recipient_delivery_report_sms',
          batch_id: event.batchId,
          recipient: digits(event.recipient ?? original?.to?.[0] ?? '12025550100'),
          code: event.code ?? CODES[event.status],
          status: event.status,
          at: when,
          operator_status_at: when,
          ...(original?.client_reference ? { client_reference: original.client_reference } : {}),
        },
        at,
      );
    };
  const inboundSigner =
    (url: string): WebhookSigner<SinchInboundEvent> =>
    (message, at) => {
      const common = {
        id: message.id ?? sinchId(),
        from: digits(message.from),
        to: digits(message.to),
        received_at: new Date(at.seconds * 1000).toISOString(),
        operator_id: '310260',
      };
      return signed(
        url,
        message.mediaUrl
          ? {
              type: 'mo_media',
              ...common,
              body: {
                ...(message.text ? { message: message.text } : {}),
                media: [{ url: message.mediaUrl, content_type: 'image/jpeg', status: 'Uploaded', code: 0 }],
              },
            }
          : { type: 'mo_text', ...common, body: message.text ?? '' },
        at,
      );
    };

  const error = (c: Context, status: 400 | 401 | 403 | 404, code: string, text: string) =>
    c.json({ code, text }, status);
  const app = new Hono();
  app.post('/xms/v1/:plan/batches', async (c) => {
    if (c.req.header('authorization') !== `Bearer ${credentials.apiToken}`)
      return error(c, 401, 'unauthorized', 'Invalid or missing credentials');
    if (c.req.param('plan') !== credentials.servicePlanId)
      return error(c, 403, 'forbidden', 'The service plan does not belong to these credentials');
    let request: Record<string, unknown>;
    try {
      request = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return error(c, 400, 'syntax_invalid_json', 'The JSON input is invalid');
    }
    const problem = validate(request);
    if (problem) return error(c, 400, 'syntax_constraint_violation', problem);
    const batchId = sinchId();
    sent.set(batchId, { batchId, request });
    const url = (request.callback_url as string | undefined) ?? options.statusUrl;
    const report = (request.delivery_report as string | undefined) ?? 'none';
    if (url && report.startsWith('per_recipient') && state.auto)
      queue.enqueue(
        report === 'per_recipient_final'
          ? [{ batchId, status: 'Delivered' as const }]
          : [
              { batchId, status: 'Dispatched' as const },
              { batchId, status: 'Delivered' as const },
            ],
        statusSigner(url),
        () => state.callbackFaults,
      );
    const now = new Date().toISOString();
    return c.json(
      {
        id: batchId,
        to: request.to,
        from: request.from,
        canceled: false,
        body: request.body,
        type: request.type,
        created_at: now,
        modified_at: now,
        delivery_report: report,
        expire_at: new Date(Date.now() + 3 * 86_400_000).toISOString(),
        ...(request.callback_url ? { callback_url: request.callback_url } : {}),
        ...(request.client_reference ? { client_reference: request.client_reference } : {}),
        flash_message: false,
      },
      201,
    );
  });
  app.get('/media/:id', (c) => {
    if (c.req.header('authorization') !== `Bearer ${credentials.apiToken}`)
      return error(c, 401, 'unauthorized', 'Invalid or missing credentials');
    const file = media.get(c.req.param('id'));
    if (!file) return error(c, 404, 'not_found', 'No such media');
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': file.contentType });
  });
  app.post('/_fake/inbound', async (c) => {
    const input = (await c.req.json()) as { from: string; to: string; body?: string; media?: string[] };
    const responses = await fake.sendInbound(undefined, {
      from: input.from,
      to: input.to,
      text: input.body,
      mediaUrl: input.media?.[0],
    });
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  credentials.baseUrl = server.url;
  const fake = Object.assign(server, {
    credentials,
    sent,
    sendStatus: (url: string, events: SinchStatusEvent[], faults?: CallbackFaults) =>
      deliverWebhooks(events, statusSigner(url), faults),
    sendInbound(url: string | undefined, message: SinchInboundEvent, faults?: CallbackFaults) {
      const target = url ?? options.inboundUrl;
      if (!target) throw new Error('sinch fake: no inbound URL (pass one, or start it with inboundUrl)');
      return deliverWebhooks([message], inboundSigner(target), faults);
    },
    hostMedia(body: Uint8Array, contentType: string) {
      const id = randomUUID();
      media.set(id, { body, contentType });
      return `${server.url}/media/${id}`;
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
  }) as SinchFake;
}

/** The first constraint a batch breaks, in Sinch's words, or undefined. */
function validate(request: Record<string, unknown>): string | undefined {
  const { to, from, type, body } = request;
  if (!Array.isArray(to) || to.length === 0) return 'to: must contain at least one recipient';
  if (!to.every((r) => typeof r === 'string' && /^\+?\d{6,15}$/.test(r))) return 'to: invalid MSISDN';
  if (typeof from !== 'string' || from.length === 0) return 'from: must be set';
  const kind = type ?? 'mt_text';
  if (kind === 'mt_text') {
    if (typeof body !== 'string' || body.length === 0 || body.length > 2000)
      return 'body: size must be between 1 and 2000';
  } else if (kind === 'mt_media') {
    const media = body as { url?: unknown } | undefined;
    if (typeof media?.url !== 'string' || !/^https?:\/\//.test(media.url)) return 'body.url: must be a URL';
  } else return `type: unsupported value ${String(kind)}`;
  const report = request.delivery_report;
  if (
    report !== undefined &&
    !['none', 'summary', 'full', 'per_recipient', 'per_recipient_final'].includes(String(report))
  )
    return 'delivery_report: unsupported value';
  return undefined;
}
