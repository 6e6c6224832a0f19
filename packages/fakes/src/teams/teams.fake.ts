import { createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { type FakeServer, startFakeServer } from '../fake-server';

export type TeamsFakeOptions = {
  appId?: string;
  appPassword?: string;
  /** Conversations the connector knows; by default any. */
  conversations?: string[];
  host?: string;
  port?: number;
  /** The bot's messaging endpoint: where `POST /_fake/inbound` delivers a signed message activity. */
  webhookUrl?: string;
};

export type TeamsTokenOptions = {
  aud?: string;
  iss?: string;
  /** The `serviceurl` claim (default: this fake's connector URL); null leaves it out. */
  serviceUrl?: string | null;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  /** Sign with a key the OpenID keys document does not list. */
  foreignKey?: boolean;
};

const ISSUER = 'https://api.botframework.com';
const KID = 'fake-botframework-key-1';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

function signJwt(payload: Record<string, unknown>, key: KeyObject, kid: string): string {
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid, x5t: kid }));
  const body = b64url(JSON.stringify(payload));
  const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(key);
  return `${header}.${body}.${b64url(signature)}`;
}

/**
 * The Bot Framework around a Teams bot: the OpenID metadata and JWKS it signs channel tokens with
 * (RS256, keys endorsing `msteams`), the token endpoint (client credentials) and the connector's
 * send-activity API — plus helpers that post activities with good, forged, expired or
 * mis-addressed tokens.
 */
export async function startTeamsFake(options: TeamsFakeOptions = {}) {
  const appId = options.appId ?? '00000000-0000-0000-0000-00000000b07';
  const appPassword = options.appPassword ?? randomBytes(18).toString('base64url');
  const signing = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const foreign = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issued = new Map<string, number>();
  const activities: {
    conversationId: string;
    replyToId?: string;
    activity: Record<string, unknown>;
    id: string;
  }[] = [];
  let url = '';

  const connectorError = (c: Context, status: number, code: string, message: string) =>
    c.json({ error: { code, message } }, status as 400);

  const app = new Hono();
  app.get('/v1/.well-known/openidconfiguration', (c) =>
    c.json({
      issuer: ISSUER,
      authorization_endpoint: 'https://invalid.botframework.com',
      jwks_uri: `${url}/v1/.well-known/keys`,
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
    }),
  );
  app.get('/v1/.well-known/keys', (c) =>
    c.json({
      keys: [
        { ...signing.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', endorsements: ['msteams'] },
      ],
    }),
  );
  app.post('/botframework.com/oauth2/v2.0/token', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    if (form.get('grant_type') !== 'client_credentials')
      return c.json({ error: 'unsupported_grant_type' }, 400);
    if (form.get('client_id') !== appId || form.get('client_secret') !== appPassword)
      return c.json(
        { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
        401,
      );
    if (form.get('scope') !== 'https://api.botframework.com/.default')
      return c.json({ error: 'invalid_scope' }, 400);
    const token = randomBytes(24).toString('base64url');
    issued.set(token, Date.now() + 3600_000);
    return c.json({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
  });
  const send = async (c: Context) => {
    const token = c.req.header('authorization')?.replace(/^Bearer /, '') ?? '';
    if ((issued.get(token) ?? 0) < Date.now())
      return c.json({ message: 'Authorization has been denied for this request.' }, 401);
    const conversationId = c.req.param('conversationId')!;
    if (options.conversations && !options.conversations.includes(conversationId))
      return connectorError(c, 404, 'ConversationNotFound', 'Conversation not found.');
    const activity = (await c.req.json()) as Record<string, unknown>;
    if (activity.type !== 'message') return connectorError(c, 400, 'BadArgument', 'Unknown activity type');
    if (!activity.text && !activity.attachments)
      return connectorError(c, 400, 'BadSyntax', 'Activity must have text or attachments');
    const id = `1:${randomBytes(10).toString('hex')}`;
    activities.push({ conversationId, replyToId: c.req.param('activityId'), activity, id });
    return c.json({ id }, 201);
  };
  app.post('/v3/conversations/:conversationId/activities', send);
  app.post('/v3/conversations/:conversationId/activities/:activityId', send);

  app.post('/_fake/inbound', async (c) => {
    const { from, to, body } = (await c.req.json()) as { from: string; to: string; body: string };
    if (!options.webhookUrl) return c.json({ error: 'no webhookUrl configured' }, 400);
    const activity = messageActivity({ aadObjectId: from, conversationId: to, text: body });
    const response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
      body: JSON.stringify(activity),
    });
    return c.json({ delivered: response.status });
  });

  const server: FakeServer = await startFakeServer({ app, host: options.host, port: options.port });
  url = server.url;
  const serviceUrl = `${server.url}/`;

  function token(tokenOptions: TeamsTokenOptions = {}) {
    const now = Math.floor(Date.now() / 1000);
    const claimedServiceUrl = tokenOptions.serviceUrl === undefined ? serviceUrl : tokenOptions.serviceUrl;
    return signJwt(
      {
        iss: tokenOptions.iss ?? ISSUER,
        aud: tokenOptions.aud ?? appId,
        nbf: now - 60,
        iat: now - 60,
        exp: now + (tokenOptions.expiresIn ?? 3600),
        ...(claimedServiceUrl === null ? {} : { serviceurl: claimedServiceUrl }),
      },
      tokenOptions.foreignKey ? foreign.privateKey : signing.privateKey,
      KID,
    );
  }

  let activityCounter = 0;
  /** A message activity from a Teams user to the bot. */
  function messageActivity(activity: {
    aadObjectId?: string;
    userId?: string;
    text: string;
    conversationId?: string;
    extra?: Record<string, unknown>;
  }) {
    return {
      type: 'message',
      id: `${Date.now()}${++activityCounter}`,
      timestamp: new Date().toISOString(),
      serviceUrl,
      channelId: 'msteams',
      from: {
        id: activity.userId ?? `29:1user${activityCounter}`,
        name: 'Megan Bowen',
        ...(activity.aadObjectId ? { aadObjectId: activity.aadObjectId } : {}),
      },
      conversation: {
        conversationType: 'personal',
        tenantId: 'tenant-contoso',
        id: activity.conversationId ?? 'a:1personalchat',
      },
      recipient: { id: `28:${appId}`, name: 'IRIS' },
      text: activity.text,
      textFormat: 'plain',
      channelData: { tenant: { id: 'tenant-contoso' } },
      ...activity.extra,
    };
  }

  return {
    server,
    url: server.url,
    serviceUrl,
    appId,
    appPassword,
    /** Activities the bot sent through the connector, in order. */
    activities,
    credentials: () => ({
      appId,
      appPassword,
      openIdMetadataUrl: `${server.url}/v1/.well-known/openidconfiguration`,
      tokenUrl: `${server.url}/botframework.com/oauth2/v2.0/token`,
      allowedServiceUrls: [serviceUrl],
    }),
    token,
    messageActivity,
    /** Posts an activity to the bot's endpoint with a Bot Framework token (options make it bad). */
    postActivity(
      endpoint: string,
      activity: unknown,
      tokenOptions: TeamsTokenOptions & { authorization?: string | null } = {},
    ) {
      const authorization =
        tokenOptions.authorization === undefined
          ? `Bearer ${token(tokenOptions)}`
          : tokenOptions.authorization;
      return fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify(activity),
      });
    },
    close: () => server.close(),
  };
}

export type TeamsFake = Awaited<ReturnType<typeof startTeamsFake>>;
