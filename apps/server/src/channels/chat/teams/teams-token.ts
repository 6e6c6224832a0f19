import { z } from 'zod';
import { chatError, chatErrorFromStatus, fetchOrThrow, jsonOf } from '../chat-http';

const TokenSchema = z.looseObject({ access_token: z.string(), expires_in: z.coerce.number() });

/** Renewed this long before it expires, so a send in flight never carries an expired token. */
const EARLY_RENEWAL_MS = 5 * 60 * 1000;

/**
 * The bot's own token for the Bot Connector (OAuth client credentials), cached until shortly before
 * it expires; one request at a time fetches it, and a 401 from the connector drops it.
 */
export function createBotTokenSource(options: {
  instanceId: string;
  tokenUrl: string;
  appId: string;
  appPassword: string;
  scope: string;
}) {
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(signal: AbortSignal): Promise<string> {
    const response = await fetchOrThrow(options.instanceId, options.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.appId,
        client_secret: options.appPassword,
        scope: options.scope,
      }).toString(),
      signal,
    });
    if (response.status === 400 || response.status === 401)
      throw chatError(options.instanceId, 'provider_auth_failed', `token endpoint: HTTP ${response.status}`);
    if (!response.ok) throw chatErrorFromStatus(options.instanceId, response.status, 'token endpoint');
    const token = TokenSchema.safeParse(await jsonOf(response));
    if (!token.success)
      throw chatError(options.instanceId, 'provider_unavailable', 'token endpoint: unreadable answer');
    const lifetimeMs = token.data.expires_in * 1000;
    cached = {
      token: token.data.access_token,
      renewAt: Date.now() + Math.max(lifetimeMs / 2, lifetimeMs - EARLY_RENEWAL_MS),
    };
    return token.data.access_token;
  }

  return {
    async get(signal: AbortSignal): Promise<string> {
      if (cached && Date.now() < cached.renewAt) return cached.token;
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
