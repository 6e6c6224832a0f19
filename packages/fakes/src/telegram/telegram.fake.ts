import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { type FakeServer, startFakeServer } from '../fake-server';

export type TelegramFakeOptions = {
  /** `<bot id>:<secret>`; by default a random secret for `botId`. */
  botToken?: string;
  botId?: number;
  username?: string;
  /** Chats the bot can write to; by default any numeric id or @username. */
  chats?: string[];
  host?: string;
  port?: number;
};

export type TelegramDeliveryOptions = {
  /** Deliver here instead of the URL given to setWebhook. */
  url?: string;
  /** The X-Telegram-Bot-Api-Secret-Token to send (default: setWebhook's secret_token); null sends none. */
  secret?: string | null;
};

type Params = Record<string, unknown>;

/**
 * Telegram's Bot API for one bot: sendMessage/sendPhoto/sendDocument, setWebhook (it keeps the URL
 * and secret_token and delivers updates there with the secret header), getMe and getFile with the
 * file server, answering `{ok:false, error_code, description, parameters}` like the real one.
 */
export async function startTelegramFake(options: TelegramFakeOptions = {}) {
  const botId = options.botToken ? Number(options.botToken.split(':')[0]) : (options.botId ?? 7000000001);
  const botToken = options.botToken ?? `${botId}:AAF${randomBytes(16).toString('base64url')}`;
  const username = options.username ?? 'iris_fake_bot';
  const sent: { method: string; params: Params; result: Record<string, unknown> }[] = [];
  const files = new Map<string, { path: string; body: Uint8Array }>();
  let webhook: { url: string; secretToken?: string; allowedUpdates?: unknown } | undefined;
  let messageCounter = 0;
  let updateCounter = 100_000;

  const fail = (c: Context, code: number, description: string, parameters?: object) =>
    c.json({ ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) }, code as 400);
  const knownChat = (chat: string) =>
    options.chats ? options.chats.includes(chat) : /^(-?\d+|@\w{5,})$/.test(chat);
  const paramsOf = async (c: Context): Promise<Params> => {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('application/json')) return (await c.req.json()) as Params;
    if (type.includes('application/x-www-form-urlencoded'))
      return Object.fromEntries(new URLSearchParams(await c.req.text()));
    return c.req.query();
  };

  const app = new Hono();
  app.get('/file/:bot/:path{.+}', (c) => {
    if (c.req.param('bot') !== `bot${botToken}`) return c.text('Unauthorized', 401);
    const file = [...files.values()].find((f) => f.path === c.req.param('path'));
    if (!file) return c.text('Not Found', 404);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/octet-stream' });
  });
  // Before /:bot/:method, which would take this path for a method call.
  app.post('/_fake/inbound', async (c) => {
    const { from, body } = (await c.req.json()) as { from: string; to: string; body: string };
    if (!webhook) return c.json({ error: 'no webhook set: add the bot as a social account first' }, 400);
    const response = await deliver(wrap({ message: incoming(Number(from), { text: body }) }), {});
    return c.json({ delivered: response.status });
  });

  app.on(['GET', 'POST'], '/:bot/:method', async (c) => {
    if (c.req.param('bot') !== `bot${botToken}`) return fail(c, 401, 'Unauthorized');
    const method = c.req.param('method');
    const params = await paramsOf(c);
    const chatId = params.chat_id === undefined ? '' : String(params.chat_id);
    const message = (extra: Params) => ({
      message_id: ++messageCounter,
      from: { id: botId, is_bot: true, first_name: 'IRIS', username },
      chat: /^-?\d+$/.test(chatId)
        ? { id: Number(chatId), type: 'private' }
        : { id: -100123, type: 'channel' },
      date: Math.floor(Date.now() / 1000),
      ...extra,
    });
    const record = (result: Record<string, unknown>) => {
      sent.push({ method, params, result });
      return c.json({ ok: true, result });
    };
    switch (method) {
      case 'getMe':
        return c.json({ ok: true, result: { id: botId, is_bot: true, first_name: 'IRIS', username } });
      case 'sendMessage': {
        if (!chatId || !knownChat(chatId)) return fail(c, 400, 'Bad Request: chat not found');
        const text = typeof params.text === 'string' ? params.text : '';
        if (!text) return fail(c, 400, 'Bad Request: message text is empty');
        if (text.length > 4096) return fail(c, 400, 'Bad Request: message is too long');
        return record(message({ text }));
      }
      case 'sendPhoto':
      case 'sendDocument': {
        if (!chatId || !knownChat(chatId)) return fail(c, 400, 'Bad Request: chat not found');
        const field = method === 'sendPhoto' ? 'photo' : 'document';
        if (typeof params[field] !== 'string')
          return fail(c, 400, `Bad Request: there is no ${field} in the request`);
        const caption = typeof params.caption === 'string' ? { caption: params.caption } : {};
        const fileId = `AgAC${randomBytes(8).toString('hex')}`;
        const media =
          field === 'photo'
            ? { photo: [{ file_id: fileId, width: 90, height: 90 }] }
            : { document: { file_id: fileId } };
        return record(message({ ...media, ...caption }));
      }
      case 'setWebhook': {
        if (typeof params.url !== 'string')
          return fail(c, 400, 'Bad Request: bad webhook: URL must be provided');
        const secret = params.secret_token;
        if (secret !== undefined && (typeof secret !== 'string' || !/^[A-Za-z0-9_-]{1,256}$/.test(secret)))
          return fail(c, 400, 'Bad Request: secret token contains unallowed characters');
        webhook = params.url
          ? {
              url: params.url,
              secretToken: secret as string | undefined,
              allowedUpdates: params.allowed_updates,
            }
          : undefined;
        return c.json({
          ok: true,
          result: true,
          description: params.url ? 'Webhook was set' : 'Webhook was deleted',
        });
      }
      case 'deleteWebhook':
        webhook = undefined;
        return c.json({ ok: true, result: true, description: 'Webhook was deleted' });
      case 'getWebhookInfo':
        return c.json({ ok: true, result: { url: webhook?.url ?? '', pending_update_count: 0 } });
      case 'getFile': {
        const file = files.get(String(params.file_id));
        if (!file) return fail(c, 400, 'Bad Request: invalid file_id');
        return c.json({
          ok: true,
          result: {
            file_id: params.file_id,
            file_unique_id: 'u1',
            file_size: file.body.length,
            file_path: file.path,
          },
        });
      }
      default:
        return fail(c, 404, 'Not Found');
    }
  });

  const server: FakeServer = await startFakeServer({ app, host: options.host, port: options.port });

  const user = (id: number) => ({ id, is_bot: false, first_name: `User${id}`, username: `user${id}` });
  const wrap = (part: Params) => ({ update_id: ++updateCounter, ...part });
  const incoming = (from: number, extra: Params) => ({
    message_id: ++messageCounter,
    from: user(from),
    chat: { id: from, type: 'private', first_name: `User${from}` },
    date: Math.floor(Date.now() / 1000),
    ...extra,
  });

  /** Posts an update to the webhook as Telegram does, with the secret token header. */
  function deliver(update: unknown, delivery: TelegramDeliveryOptions = {}) {
    const url = delivery.url ?? webhook?.url;
    if (!url) throw new Error('no webhook set: call setWebhook first or pass a url');
    const secret = delivery.secret === undefined ? webhook?.secretToken : delivery.secret;
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
      },
      body: JSON.stringify(update),
    });
  }

  return {
    server,
    url: server.url,
    apiBaseUrl: server.url,
    botId,
    botToken,
    /** Every successful send, in order. */
    sent,
    webhook: () => webhook,
    credentials: (webhookSecret: string) => ({ botToken, webhookSecret, apiBaseUrl: server.url }),
    /** The next call answers 429 "retry after N" with parameters.retry_after, as Telegram's flood control does. */
    floodWait(seconds: number) {
      server.inject({
        kind: 'status',
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${seconds}`,
          parameters: { retry_after: seconds },
        },
      });
    },
    /** A file the bot can fetch with getFile; returns its file_id. */
    addFile(path: string, body: Uint8Array) {
      const fileId = `BQAC${randomBytes(8).toString('hex')}`;
      files.set(fileId, { path, body });
      return fileId;
    },
    textUpdate: (from: number, text: string) => wrap({ message: incoming(from, { text }) }),
    photoUpdate: (from: number, fileIds: string[], caption?: string) =>
      wrap({
        message: incoming(from, {
          photo: fileIds.map((file_id, i) => ({
            file_id,
            file_unique_id: `p${i}`,
            width: 90 * (i + 1),
            height: 90 * (i + 1),
          })),
          ...(caption ? { caption } : {}),
        }),
      }),
    documentUpdate: (from: number, fileId: string, fileName: string, mimeType: string) =>
      wrap({
        message: incoming(from, {
          document: { file_id: fileId, file_unique_id: 'd1', file_name: fileName, mime_type: mimeType },
        }),
      }),
    callbackUpdate: (from: number, data: string) =>
      wrap({ callback_query: { id: String(Date.now()), from: user(from), chat_instance: '1', data } }),
    deliver,
    close: () => server.close(),
  };
}

export type TelegramFake = Awaited<ReturnType<typeof startTelegramFake>>;
