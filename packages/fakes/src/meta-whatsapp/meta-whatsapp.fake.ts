import { createHash, randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  type WebhookSigner,
  WRONG_SECRET,
} from '../callback-kit';
import { startFakeServer } from '../fake-server';
import {
  digitsOf,
  hubSignature,
  inboundPayload,
  type MetaAccount,
  type MetaInbound,
  type MetaStatus,
  type MetaTemplateStatus,
  metaErrorBody,
  newWamid,
  statusPayload,
  templateStatusPayload,
} from './meta-whatsapp.payloads';
import { checkTemplate, templatePage } from './meta-whatsapp.templates';
import type { MetaSent, MetaWhatsAppFake, MetaWhatsAppFakeOptions } from './meta-whatsapp.types';

export * from './meta-whatsapp.payloads';
export * from './meta-whatsapp.types';

const DAY_MS = 24 * 60 * 60 * 1000;
const FREE_FORM_TYPES = new Set([
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'interactive',
  'location',
  'contacts',
  'reaction',
]);

/**
 * Meta's WhatsApp Cloud API (Graph API): message sends with Bearer auth and the real response and
 * error shapes, mark-as-read, media upload/lookup/download, templates, and webhooks signed with
 * `X-Hub-Signature-256` under the app secret. Fault injection comes from startFakeServer.
 */
export async function startMetaWhatsAppFake(
  options: MetaWhatsAppFakeOptions = {},
): Promise<MetaWhatsAppFake> {
  const version = 'v23.0';
  const credentials = {
    accessToken: options.accessToken ?? `EAAG${randomBytes(24).toString('hex')}`,
    phoneNumberId: options.phoneNumberId ?? '106540352242922',
    businessAccountId: options.businessAccountId ?? '102290129340398',
    appSecret: options.appSecret ?? randomBytes(16).toString('hex'),
    verifyToken: options.verifyToken ?? 'iris-verify-token',
    graphBaseUrl: '',
    apiVersion: version,
  };
  const account: MetaAccount = {
    businessAccountId: credentials.businessAccountId,
    phoneNumberId: credentials.phoneNumberId,
    displayPhoneNumber: options.displayPhoneNumber ?? '15550783881',
  };
  const sent: MetaSent[] = [];
  const read: string[] = [];
  const media = new Map<string, { body: Uint8Array; mimeType: string }>();
  const templates = [...(options.templates ?? [])];
  const windows = new Map<string, number>();
  const inboundIds = new Set<string>();
  const undeliverable = new Set((options.undeliverable ?? []).map(digitsOf));
  const queue = createCallbackQueue();
  // The faults the automatic status callbacks suffer: read from the fake on each delivery.
  let fake: MetaWhatsAppFake | undefined;

  const signer =
    (url: string): WebhookSigner<unknown> =>
    (payload, at) => {
      const body = JSON.stringify(payload);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const secret = at.faults.badSignature ? WRONG_SECRET : credentials.appSecret;
      if (!at.faults.unsigned) headers['x-hub-signature-256'] = hubSignature(secret, body);
      return { method: 'POST', url, headers, body };
    };
  const target = (url?: string) => {
    const resolved = url ?? fake?.webhookUrl;
    if (!resolved) throw new Error('no webhook URL: pass one or set webhookUrl');
    return resolved;
  };
  const post = (payload: unknown, faults?: CallbackFaults, url?: string) =>
    deliverWebhooks([payload], signer(target(url)), faults);

  const graphError = (c: Context, status: number, code: number, details?: string, subcode?: number) =>
    c.json(metaErrorBody(code, details, subcode), status as 400);
  const authorized = (c: Context) => c.req.header('authorization') === `Bearer ${credentials.accessToken}`;
  const unauthorized = (c: Context) =>
    graphError(c, 401, 190, 'Error validating access token: the session is invalid.');

  const app = new Hono();
  app.post('/:version/:phoneNumberId/messages', async (c) => {
    if (!authorized(c)) return unauthorized(c);
    if (c.req.param('phoneNumberId') !== credentials.phoneNumberId)
      return graphError(
        c,
        400,
        100,
        `Unsupported post request. Object with ID '${c.req.param('phoneNumberId')}' does not exist`,
        33,
      );
    let request: Record<string, unknown>;
    try {
      request = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return graphError(c, 400, 100, 'The request body is not JSON');
    }
    if (request.messaging_product !== 'whatsapp')
      return graphError(c, 400, 100, 'The parameter messaging_product is required.');
    if (request.status === 'read') {
      if (typeof request.message_id !== 'string' || !inboundIds.has(request.message_id))
        return graphError(c, 400, 100, 'Invalid message_id');
      read.push(request.message_id);
      return c.json({ success: true });
    }
    const type = request.type as string | undefined;
    const to = typeof request.to === 'string' ? digitsOf(request.to) : '';
    if (!type || !to) return graphError(c, 400, 100, 'The parameters to and type are required.');
    if (!(type in request)) return graphError(c, 400, 100, `Param ${type} is required for type ${type}`);
    if (type === 'template') {
      const problem = checkTemplate(templates, request.template as Record<string, unknown>);
      if (problem) return graphError(c, 400, problem.code, problem.details);
    }
    const windowOpen = (windows.get(to) ?? 0) > Date.now() - DAY_MS;
    const freeForm = FREE_FORM_TYPES.has(type);
    if (freeForm && !windowOpen && options.windowErrors === 'sync')
      return graphError(
        c,
        400,
        131047,
        'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
      );
    const wamid = newWamid();
    sent.push({ wamid, version: c.req.param('version'), request });
    const callbackUrl = fake?.webhookUrl;
    if (callbackUrl && options.callbacks !== 'none') {
      const status = (s: MetaStatus['status'], errors?: MetaStatus['errors']): MetaStatus => ({
        id: wamid,
        status: s,
        recipient: to,
        errors,
        bizOpaqueCallbackData: request.biz_opaque_callback_data as string | undefined,
      });
      let events: MetaStatus[] = [status('sent'), status('delivered')];
      if (freeForm && !windowOpen && (options.windowErrors ?? 'webhook') === 'webhook')
        events = [status('failed', [{ code: 131047 }])];
      else if (undeliverable.has(to)) events = [status('failed', [{ code: 131026 }])];
      // Reactions only ever report `sent` (no delivered/read webhooks).
      else if (type === 'reaction') events = [status('sent')];
      queue.enqueue(
        events.map((e) => statusPayload(account, [e])),
        signer(callbackUrl),
        () => fake?.callbackFaults ?? {},
      );
    }
    return c.json({
      messaging_product: 'whatsapp',
      contacts: [{ input: request.to, wa_id: to }],
      messages: [{ id: wamid }],
    });
  });

  app.post('/:version/:phoneNumberId/media', async (c) => {
    if (!authorized(c)) return unauthorized(c);
    if (c.req.param('phoneNumberId') !== credentials.phoneNumberId)
      return graphError(c, 400, 100, 'Unknown phone number');
    const form = await c.req.parseBody();
    const file = form.file;
    if (form.messaging_product !== 'whatsapp')
      return graphError(c, 400, 100, 'messaging_product is required');
    if (!(file instanceof File)) return graphError(c, 400, 100, 'file is required');
    const mimeType = typeof form.type === 'string' ? form.type : file.type;
    if (!mimeType) return graphError(c, 400, 131053, 'type is required');
    const id = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
    media.set(id, { body: new Uint8Array(await file.arrayBuffer()), mimeType });
    return c.json({ id });
  });

  app.get('/:version/:wabaId/message_templates', (c) => {
    if (!authorized(c)) return unauthorized(c);
    if (c.req.param('wabaId') !== credentials.businessAccountId)
      return graphError(c, 400, 100, 'Unknown account');
    return c.json(templatePage(templates, c.req.url));
  });

  app.get('/:version/:id', (c) => {
    if (!authorized(c)) return unauthorized(c);
    const id = c.req.param('id');
    if (id === credentials.phoneNumberId)
      return c.json({
        verified_name: 'IRIS Test Business',
        code_verification_status: 'VERIFIED',
        display_phone_number: `+${account.displayPhoneNumber}`,
        quality_rating: 'GREEN',
        platform_type: 'CLOUD_API',
        throughput: { level: 'STANDARD' },
        id,
      });
    const item = media.get(id);
    if (!item)
      return graphError(c, 400, 100, `Unsupported get request. Object with ID '${id}' does not exist`, 33);
    return c.json({
      messaging_product: 'whatsapp',
      url: `${credentials.graphBaseUrl}/_fake/media/${id}`,
      mime_type: item.mimeType,
      sha256: createHash('sha256').update(item.body).digest('hex'),
      file_size: item.body.byteLength,
      id,
    });
  });

  app.delete('/:version/:id', (c) => {
    if (!authorized(c)) return unauthorized(c);
    return c.json({ success: media.delete(c.req.param('id')) });
  });

  // `iris fakes`: a user writes to the business number (a signed `messages` webhook to the app).
  app.post('/_fake/inbound', async (c) => {
    const input = (await c.req.json()) as { from: string; body?: string };
    const responses = await fake!.sendInbound([{ from: input.from, type: 'text', text: input.body ?? '' }]);
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  // The media URL (lookaside.fbsbx.com in reality): only with the access token.
  app.get('/_fake/media/:id', (c) => {
    if (!authorized(c)) return c.body(null, 404);
    const item = media.get(c.req.param('id'));
    if (!item) return c.body(null, 404);
    return c.body(item.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': item.mimeType });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  credentials.graphBaseUrl = server.url;

  fake = Object.assign(server, {
    credentials,
    account,
    sent,
    read,
    media,
    templates,
    windows,
    callbackFaults: {} as CallbackFaults,
    webhookUrl: options.webhookUrl,
    sendInbound(messages: MetaInbound[], faults?: CallbackFaults, url?: string) {
      for (const message of messages) {
        if (message.type !== 'system') windows.set(digitsOf(message.from), Date.now());
      }
      const payload = inboundPayload(account, messages);
      for (const entry of payload.entry)
        for (const change of entry.changes)
          for (const m of (change.value as { messages: { id: string }[] }).messages) inboundIds.add(m.id);
      return post(payload, faults, url);
    },
    sendStatuses: (statuses: MetaStatus[], faults?: CallbackFaults, url?: string) =>
      post(statusPayload(account, statuses), faults, url),
    sendTemplateStatus: (update: MetaTemplateStatus, faults?: CallbackFaults, url?: string) =>
      post(templateStatusPayload(account, update), faults, url),
    postWebhook: post,
    verifySubscription(url: string, verify: { token?: string; challenge?: string } = {}) {
      const query = new URLSearchParams({
        'hub.mode': 'subscribe',
        'hub.verify_token': verify.token ?? credentials.verifyToken,
        'hub.challenge': verify.challenge ?? String(Math.floor(Math.random() * 1e9)),
      });
      return fetch(`${url}${url.includes('?') ? '&' : '?'}${query}`);
    },
    hostMedia(body: Uint8Array, mimeType: string) {
      const id = String(Date.now()) + String(Math.floor(Math.random() * 1e6));
      media.set(id, { body, mimeType });
      return id;
    },
    settled: () => queue.settled(),
  });
  return fake;
}
