import { decodeJwt, importJWK, type JWK, type JWTPayload, jwtVerify } from 'jose';
import { z } from 'zod';
import { ProviderError } from '../../channel';
import { chatError, invalidSignature } from '../chat-http';

const MetadataSchema = z.looseObject({ jwks_uri: z.url() });
const KeysSchema = z.object({
  keys: z.array(z.looseObject({ kid: z.string().optional(), endorsements: z.array(z.string()).optional() })),
});
type BotKey = JWK & { endorsements?: string[] };

/** Keys are re-read at least this often, and on an unknown kid no more than once per refetch interval. */
const KEYS_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const UNKNOWN_KID_REFETCH_MS = 60 * 1000;

/**
 * Verifies the Bot Framework's JWT on an inbound activity, as its connector does: RS256 by a key of
 * the OpenID metadata's jwks_uri that endorses the activity's channel, issuer api.botframework.com,
 * audience our App ID, 5 minutes of clock skew, and a `serviceurl` claim equal to the activity's
 * serviceUrl (so a token minted for one connector cannot vouch for a reply address elsewhere).
 */
export function createBotFrameworkVerifier(options: {
  openIdMetadataUrl: string;
  issuer: string;
  appId: string;
}) {
  let cache: { keys: BotKey[]; fetchedAt: number } | undefined;

  async function loadKeys(force: boolean): Promise<BotKey[]> {
    const now = Date.now();
    const fresh = cache && now - cache.fetchedAt < (force ? UNKNOWN_KID_REFETCH_MS : KEYS_MAX_AGE_MS);
    if (cache && fresh) return cache.keys;
    try {
      const read = async (url: string) => (await fetch(url, { signal: AbortSignal.timeout(5000) })).json();
      const metadata = MetadataSchema.parse(await read(options.openIdMetadataUrl));
      const keys = KeysSchema.parse(await read(metadata.jwks_uri)).keys as BotKey[];
      cache = { keys, fetchedAt: now };
      return keys;
    } catch (error) {
      // Without keys nothing verifies: a retryable outage (503), not a forged request (401).
      throw chatError('teams', 'provider_unavailable', 'Bot Framework signing keys unavailable', {
        cause: error,
      });
    }
  }

  /** The audiences a token names (read unverified, to pick the instance it is meant for). */
  function audiences(authorization: string | null): string[] {
    const token = authorization?.match(/^Bearer (.+)$/)?.[1];
    if (!token) return [];
    try {
      const { aud } = decodeJwt(token);
      return typeof aud === 'string' ? [aud] : (aud ?? []);
    } catch {
      return [];
    }
  }

  async function verify(
    authorization: string | null,
    activity: { serviceUrl: string; channelId: string },
  ): Promise<JWTPayload> {
    const token = authorization?.match(/^Bearer (.+)$/)?.[1];
    if (!token) throw invalidSignature('teams', 'no bearer token');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        token,
        async (header) => {
          let key = (await loadKeys(false)).find((k) => k.kid === header.kid);
          if (!key) key = (await loadKeys(true)).find((k) => k.kid === header.kid);
          if (!key) throw new Error(`no signing key ${header.kid}`);
          if (key.endorsements && !key.endorsements.includes(activity.channelId))
            throw new Error(`key ${header.kid} does not endorse channel ${activity.channelId}`);
          const { endorsements: _endorsements, ...jwk } = key;
          return importJWK(jwk, 'RS256');
        },
        { issuer: options.issuer, audience: options.appId, algorithms: ['RS256'], clockTolerance: 300 },
      ));
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      throw invalidSignature('teams', `token refused: ${(error as Error).message}`);
    }
    const claimed = payload.serviceurl;
    if (typeof claimed !== 'string' || trimSlash(claimed) !== trimSlash(activity.serviceUrl))
      throw invalidSignature('teams', 'the token was not issued for this serviceUrl');
    return payload;
  }

  return { audiences, verify };
}

const trimSlash = (url: string) => url.replace(/\/+$/, '').toLowerCase();
