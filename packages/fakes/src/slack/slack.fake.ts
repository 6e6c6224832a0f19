import { createHmac, randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { type FakeServer, startFakeServer } from '../fake-server';

export type SlackFakeOptions = {
  botToken?: string;
  signingSecret?: string;
  teamId?: string;
  teamName?: string;
  /** Channels the bot may post to; by default any id that looks like a channel (C…, D…, G…). */
  channels?: string[];
  host?: string;
  port?: number;
  /** The app's Request URL: where `POST /_fake/inbound` delivers a signed message event. */
  webhookUrl?: string;
};

export type SlackPosted = { channel: string; ts: string; args: Record<string, unknown> };

export type SlackDeliveryOptions = {
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Sign with this secret instead of the app's (a forged request). */
  secret?: string;
  /** Send no signature headers at all. */
  unsigned?: boolean;
  /** X-Slack-Retry-Num (and a retry reason): Slack's redelivery of an event. */
  retryNum?: number;
};

const MAX_TEXT = 40_000;

/**
 * A Slack workspace's Web API (chat.postMessage, auth.test, private files) with Slack's answer
 * shapes — HTTP 200 `{ok:false, error}` for logical failures — plus helpers that post Events API
 * and interactivity requests signed with the real v0 scheme, good or forged, fresh or stale.
 */
export async function startSlackFake(options: SlackFakeOptions = {}) {
  const botToken = options.botToken ?? `xoxb-fake-${randomBytes(8).toString('hex')}`;
  const signingSecret = options.signingSecret ?? randomBytes(16).toString('hex');
  const teamId = options.teamId ?? 'T0FAKE';
  const teamName = options.teamName ?? 'Fake Workspace';
  const posted: SlackPosted[] = [];
  const files = new Map<string, { body: Uint8Array; contentType: string }>();
  let tsCounter = 0;

  const knownChannel = (channel: string) =>
    options.channels ? options.channels.includes(channel) : /^[CDG][A-Z0-9]{2,}$/.test(channel);
  const authed = (c: Context) => c.req.header('authorization') === `Bearer ${botToken}`;
  const argsOf = async (c: Context): Promise<Record<string, unknown>> => {
    const type = c.req.header('content-type') ?? '';
    if (type.includes('application/json')) return (await c.req.json()) as Record<string, unknown>;
    return Object.fromEntries(new URLSearchParams(await c.req.text()));
  };

  const app = new Hono();
  app.post('/api/auth.test', (c) =>
    authed(c)
      ? c.json({
          ok: true,
          url: 'https://fake.slack.test/',
          team: teamName,
          user: 'iris',
          team_id: teamId,
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        })
      : c.json({ ok: false, error: 'invalid_auth' }),
  );
  app.post('/api/chat.postMessage', async (c) => {
    if (!c.req.header('authorization')) return c.json({ ok: false, error: 'not_authed' });
    if (!authed(c)) return c.json({ ok: false, error: 'invalid_auth' });
    const args = await argsOf(c);
    const channel = typeof args.channel === 'string' ? args.channel : '';
    if (!channel || !knownChannel(channel)) return c.json({ ok: false, error: 'channel_not_found' });
    const text = typeof args.text === 'string' ? args.text : '';
    if (!text && !args.blocks && !args.attachments) return c.json({ ok: false, error: 'no_text' });
    if (text.length > MAX_TEXT) return c.json({ ok: false, error: 'msg_too_long' });
    if (args.blocks !== undefined && !Array.isArray(args.blocks))
      return c.json({ ok: false, error: 'invalid_blocks' });
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
    posted.push({ channel, ts, args });
    return c.json({
      ok: true,
      channel,
      ts,
      message: { type: 'message', text, user: 'U0BOT', bot_id: 'B0BOT', ts },
    });
  });
  app.get('/files/:id/:name', (c) => {
    if (!authed(c)) return c.text('Unauthorized', 401);
    const file = files.get(c.req.param('id'));
    if (!file) return c.text('Not found', 404);
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': file.contentType });
  });

  app.post('/_fake/inbound', async (c) => {
    const { from, to, body } = (await c.req.json()) as { from: string; to: string; body: string };
    if (!options.webhookUrl) return c.json({ error: 'no webhookUrl configured' }, 400);
    const response = await postEvent(
      options.webhookUrl,
      messageEvent({ user: from, channel: to, text: body }),
    );
    return c.json({ delivered: response.status });
  });

  const server: FakeServer = await startFakeServer({ app, host: options.host, port: options.port });

  function sign(body: string, timestamp: number, secret = signingSecret) {
    const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
    return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
  }

  async function deliver(url: string, body: string, contentType: string, delivery: SlackDeliveryOptions) {
    const timestamp = delivery.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'content-type': contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...(delivery.unsigned ? {} : sign(body, timestamp, delivery.secret)),
    };
    if (delivery.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(delivery.retryNum);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    return fetch(url, { method: 'POST', headers, body });
  }

  let eventCounter = 0;
  /** An event_callback envelope around a `message` event from a person. */
  function messageEvent(event: {
    user: string;
    text: string;
    channel?: string;
    ts?: string;
    threadTs?: string;
    files?: unknown[];
    eventId?: string;
    extra?: Record<string, unknown>;
  }) {
    const ts = event.ts ?? `${Math.floor(Date.now() / 1000)}.${String(++tsCounter).padStart(6, '0')}`;
    return {
      token: 'deprecated-verification-token',
      team_id: teamId,
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: event.eventId ?? `Ev${String(++eventCounter).padStart(8, '0')}`,
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'message',
        channel: event.channel ?? 'D0DIRECT',
        channel_type: 'im',
        user: event.user,
        text: event.text,
        ts,
        ...(event.threadTs ? { thread_ts: event.threadTs } : {}),
        ...(event.files ? { files: event.files, subtype: 'file_share' } : {}),
        ...event.extra,
      },
    };
  }
  function postEvent(url: string, envelope: unknown, delivery: SlackDeliveryOptions = {}) {
    return deliver(url, JSON.stringify(envelope), 'application/json', delivery);
  }

  return {
    server,
    url: server.url,
    apiBaseUrl: `${server.url}/api`,
    botToken,
    signingSecret,
    teamId,
    /** What the bot posted, in order. */
    posted,
    credentials: () => ({ botToken, signingSecret, apiBaseUrl: `${server.url}/api` }),
    sign,
    /** A private file the bot can download (its url_private). */
    addFile(name: string, body: Uint8Array, contentType: string) {
      const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
      files.set(id, { body, contentType });
      return { id, name, mimetype: contentType, url_private: `${server.url}/files/${id}/${name}` };
    },
    messageEvent,
    postEvent,
    postUrlVerification(url: string, challenge: string, delivery: SlackDeliveryOptions = {}) {
      const body = JSON.stringify({ token: 'deprecated', challenge, type: 'url_verification' });
      return deliver(url, body, 'application/json', delivery);
    },
    /** An interactivity request: form-encoded `payload=<json>`, signed like events. */
    postInteraction(url: string, payload: unknown, delivery: SlackDeliveryOptions = {}) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return deliver(url, body, 'application/x-www-form-urlencoded', delivery);
    },
    /** A block_actions payload: the user clicked a button in a message. */
    blockAction(action: {
      user: string;
      actionId: string;
      value: string;
      channel?: string;
      messageTs?: string;
    }) {
      return {
        type: 'block_actions',
        team: { id: teamId, domain: 'fake' },
        user: { id: action.user, team_id: teamId },
        api_app_id: 'A0FAKE',
        trigger_id: `${Date.now()}.${randomBytes(4).readUInt32BE()}`,
        channel: { id: action.channel ?? 'D0DIRECT' },
        container: { type: 'message', message_ts: action.messageTs ?? '1.000001' },
        actions: [
          {
            type: 'button',
            action_id: action.actionId,
            block_id: 'b1',
            value: action.value,
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      };
    },
    close: () => server.close(),
  };
}

export type SlackFake = Awaited<ReturnType<typeof startSlackFake>>;
