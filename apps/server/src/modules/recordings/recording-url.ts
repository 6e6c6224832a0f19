import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../app-context';
import { deriveLinkKey, signLinkToken } from '../email/tracking/link-token';

type Ctx = Pick<AppContext, 'accessTokenKey' | 'config'>;

/**
 * The signature of a recording download URL: the MAC half of a link token (purpose `r`) over the
 * recording id and the expiry, so the platform signs URLs one way (email links, recordings). The id
 * and expiry travel in the URL in the clear, like Twilio's RecordingUrl, and the MAC alone is sent.
 */
function signatureOf(ctx: Ctx, recordingId: string, expires: number): string {
  const token = signLinkToken(deriveLinkKey(ctx.accessTokenKey), 'r', { r: recordingId, e: expires });
  return token.slice(token.indexOf('.') + 1);
}

/** An absolute URL that downloads the recording without an API key until it expires (RECORDING_URL_TTL_SECONDS). */
export function signedRecordingUrl(ctx: Ctx, recordingId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + ctx.config.voice.recordingUrlTtlSeconds;
  const query = new URLSearchParams({
    expires: String(expires),
    signature: signatureOf(ctx, recordingId, expires),
  });
  const base = ctx.config.http.publicUrl.replace(/\/+$/, '');
  return `${base}/v1/recordings/${encodeURIComponent(recordingId)}/media?${query}`;
}

/** Whether `signature` is ours for this recording and `expires` (unix seconds) has not passed. */
export function verifyRecordingSignature(
  ctx: Ctx,
  recordingId: string,
  query: { expires: string; signature: string },
  now = Date.now(),
): boolean {
  // One spelling of the expiry only: the MAC covers the number, the URL must carry it canonically.
  if (!/^[1-9]\d{0,11}$/.test(query.expires)) return false;
  const expires = Number(query.expires);
  if (expires * 1000 <= now) return false;
  const expected = Buffer.from(signatureOf(ctx, recordingId, expires));
  const given = Buffer.from(query.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
