import {
  createPrivateKey,
  createPublicKey,
  sign as edSign,
  generateKeyPairSync,
  randomBytes,
} from 'node:crypto';
import { type Context, Hono } from 'hono';
import { type FakeServer, startFakeServer } from '../fake-server';

export type DiscordFakeOptions = {
  botToken?: string;
  applicationId?: string;
  /** Channels the bot can post to; by default any snowflake. */
  channels?: string[];
  /** Per-channel bucket of the create-message route (Discord's are about 5 per 5 s). */
  rateLimit?: { limit: number; windowMs: number };
  /** The application's Ed25519 private key (PKCS#8 PEM), to keep its public key across restarts. */
  privateKey?: string;
  host?: string;
  port?: number;
  /** The interactions endpoint: where `POST /_fake/inbound` delivers a signed slash command. */
  webhookUrl?: string;
};

export type DiscordDeliveryOptions = {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with a key that is not the application's (Discord's own endpoint check does this). */
  badSignature?: boolean;
  unsigned?: boolean;
};

const DISCORD_EPOCH = 1_420_070_400_000n;
const BUCKET = 'f1a2b3c4d5e6';

/**
 * Discord's bot REST API (create message, applications/@me) with its rate-limit headers, per-channel
 * buckets, 429 bodies `{message, retry_after, global}` and nonce enforcement; and an application
 * that signs interactions with a real Ed25519 key for the interactions endpoint.
 */
export async function startDiscordFake(options: DiscordFakeOptions = {}) {
  const botToken = options.botToken ?? `fake.${randomBytes(12).toString('base64url')}`;
  const applicationId = options.applicationId ?? '1100000000000000001';
  const privateKey = options.privateKey
    ? createPrivateKey(options.privateKey)
    : generateKeyPairSync('ed25519').privateKey;
  const publicKey = createPublicKey(privateKey);
  const foreign = generateKeyPairSync('ed25519').privateKey;
  const publicKeyHex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
  const limit = options.rateLimit ?? { limit: 5, windowMs: 5000 };
  const windows = new Map<string, { count: number; resetAt: number }>();
  const nonces = new Map<string, Record<string, unknown>>();
  let forced: { retryAfter: number; global: boolean } | undefined;
  let sequence = 0n;
  const created: Record<string, unknown>[] = [];

  const snowflake = () => String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (sequence++ & 0xfffn));
  const error = (c: Context, status: number, code: number, message: string, extra: object = {}) =>
    c.json({ message, code, ...extra }, status as 400);

  const app = new Hono();
  app.get('/api/v10/applications/@me', (c) =>
    c.req.header('authorization') === `Bot ${botToken}`
      ? c.json({ id: applicationId, name: 'IRIS Fake App', bot_public: false })
      : error(c, 401, 0, '401: Unauthorized'),
  );
  app.post('/api/v10/channels/:channelId/messages', async (c) => {
    if (c.req.header('authorization') !== `Bot ${botToken}`) return error(c, 401, 0, '401: Unauthorized');
    const channelId = c.req.param('channelId');
    if (!/^\d+$/.test(channelId) || (options.channels && !options.channels.includes(channelId)))
      return error(c, 404, 10003, 'Unknown Channel');
    const now = Date.now();
    let window = windows.get(channelId);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + limit.windowMs };
      windows.set(channelId, window);
    }
    const resetAfter = (window.resetAt - now) / 1000;
    const headers = (remaining: number): Record<string, string> => ({
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(window.resetAt / 1000),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': BUCKET,
    });
    if (forced || window.count >= limit.limit) {
      const retryAfter = forced?.retryAfter ?? resetAfter;
      const global = forced?.global ?? false;
      forced = undefined;
      return c.json({ message: 'You are being rate limited.', retry_after: retryAfter, global }, 429, {
        ...headers(0),
        'retry-after': String(Math.ceil(retryAfter)),
        'x-ratelimit-scope': global ? 'global' : 'user',
        ...(global ? { 'x-ratelimit-global': 'true' } : {}),
      });
    }
    const body = (await c.req.json()) as Record<string, unknown>;
    const content = typeof body.content === 'string' ? body.content : '';
    if (!content && !body.embeds && !body.components && !body.attachments)
      return error(c, 400, 50006, 'Cannot send an empty message');
    if (content.length > 2000)
      return error(c, 400, 50035, 'Invalid Form Body', {
        errors: {
          content: {
            _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }],
          },
        },
      });
    window.count++;
    const nonce = typeof body.nonce === 'string' ? body.nonce : undefined;
    const seen = nonce && body.enforce_nonce ? nonces.get(`${channelId}:${nonce}`) : undefined;
    if (seen) return c.json(seen, 200, headers(limit.limit - window.count));
    const message = {
      id: snowflake(),
      type: body.message_reference ? 19 : 0,
      channel_id: channelId,
      content,
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      author: { id: applicationId, username: 'IRIS Fake App', bot: true },
      timestamp: new Date().toISOString(),
      nonce,
      ...(body.message_reference ? { message_reference: body.message_reference } : {}),
    };
    if (nonce && body.enforce_nonce) nonces.set(`${channelId}:${nonce}`, message);
    created.push(message);
    return c.json(message, 200, headers(limit.limit - window.count));
  });

  app.post('/_fake/inbound', async (c) => {
    const { from, to, body } = (await c.req.json()) as { from: string; to: string; body: string };
    if (!options.webhookUrl) return c.json({ error: 'no webhookUrl configured' }, 400);
    const interaction = {
      ...base(2, from, to),
      data: {
        id: snowflake(),
        name: 'support',
        type: 1,
        options: [{ name: 'message', type: 3, value: body }],
      },
    };
    const payload = JSON.stringify(interaction);
    const response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders(payload, Math.floor(Date.now() / 1000)),
      },
      body: payload,
    });
    return c.json({ delivered: response.status });
  });

  const server: FakeServer = await startFakeServer({ app, host: options.host, port: options.port });

  function signatureHeaders(body: string, timestamp: number, bad = false) {
    const signature = edSign(null, Buffer.from(`${timestamp}${body}`), bad ? foreign : privateKey);
    return { 'x-signature-ed25519': signature.toString('hex'), 'x-signature-timestamp': String(timestamp) };
  }

  const base = (type: number, user: string, channelId: string, guildId?: string) => ({
    id: snowflake(),
    application_id: applicationId,
    type,
    token: `aW50ZXJhY3Rpb246${randomBytes(16).toString('hex')}`,
    version: 1,
    channel_id: channelId,
    channel: { id: channelId, type: guildId ? 0 : 1 },
    ...(guildId
      ? { guild_id: guildId, member: { user: { id: user, username: `user${user.slice(-4)}` }, roles: [] } }
      : { user: { id: user, username: `user${user.slice(-4)}` } }),
  });

  return {
    server,
    url: server.url,
    apiBaseUrl: `${server.url}/api/v10`,
    botToken,
    applicationId,
    publicKeyHex,
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    /** Messages the bot created, in order. */
    created,
    credentials: () => ({
      botToken,
      applicationId,
      publicKey: publicKeyHex,
      apiBaseUrl: `${server.url}/api/v10`,
    }),
    /** The next create-message call answers 429 with this retry_after (seconds) and scope. */
    rateLimitNext(retryAfterSeconds: number, global = false) {
      forced = { retryAfter: retryAfterSeconds, global };
    },
    signatureHeaders,
    ping: () => ({ id: snowflake(), application_id: applicationId, type: 1, token: 'ping', version: 1 }),
    command(options: {
      user: string;
      channelId: string;
      guildId?: string;
      name: string;
      options?: unknown[];
    }) {
      return {
        ...base(2, options.user, options.channelId, options.guildId),
        data: { id: snowflake(), name: options.name, type: 1, options: options.options ?? [] },
      };
    },
    component(options: {
      user: string;
      channelId: string;
      customId: string;
      values?: string[];
      messageId?: string;
    }) {
      return {
        ...base(3, options.user, options.channelId),
        message: { id: options.messageId ?? snowflake(), channel_id: options.channelId },
        data: { custom_id: options.customId, component_type: options.values ? 3 : 2, values: options.values },
      };
    },
    /** Posts an interaction to the endpoint as Discord does: Ed25519 over timestamp + body. */
    postInteraction(url: string, interaction: unknown, delivery: DiscordDeliveryOptions = {}) {
      const body = JSON.stringify(interaction);
      const timestamp = delivery.timestamp ?? Math.floor(Date.now() / 1000);
      return fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
          ...(delivery.unsigned ? {} : signatureHeaders(body, timestamp, delivery.badSignature)),
        },
        body,
      });
    },
    close: () => server.close(),
  };
}

export type DiscordFake = Awaited<ReturnType<typeof startDiscordFake>>;
