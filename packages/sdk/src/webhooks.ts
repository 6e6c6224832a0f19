import { createHmac, timingSafeEqual } from 'node:crypto';

export class WebhookVerificationError extends Error {
  override name = 'WebhookVerificationError';
}

export type VerifiedWebhook<T = unknown> = { id: string; type: string; timestamp: string; data: T };

/**
 * Verifies an IRIS webhook (Standard Webhooks): the HMAC-SHA256 of `id.timestamp.body` under the
 * endpoint's `whsec_` secret must match one of the `webhook-signature` entries, and the timestamp
 * must be within `toleranceSeconds` of now (replay protection). Pass the raw body, unparsed.
 */
export function verifyWebhook<T = unknown>(options: {
  secret: string;
  headers: Record<string, string | string[] | undefined> | Headers;
  body: string;
  toleranceSeconds?: number;
  now?: Date;
}): VerifiedWebhook<T> {
  const header = (name: string) => {
    const value = options.headers instanceof Headers ? options.headers.get(name) : options.headers[name];
    return Array.isArray(value) ? value[0] : (value ?? undefined);
  };
  const id = header('webhook-id');
  const timestamp = header('webhook-timestamp');
  const signatures = header('webhook-signature');
  if (!id || !timestamp || !signatures)
    throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature');
  const seconds = Number(timestamp);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (!Number.isInteger(seconds) || Math.abs(now - seconds) > (options.toleranceSeconds ?? 300)) {
    throw new WebhookVerificationError('webhook-timestamp is too old or too new');
  }
  const key = Buffer.from(
    options.secret.startsWith('whsec_') ? options.secret.slice(6) : options.secret,
    'base64',
  );
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${options.body}`).digest();
  const matches = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || !signature) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookVerificationError('no webhook-signature matches');
  const payload = JSON.parse(options.body) as { type: string; timestamp: string; data: T };
  return { id, ...payload };
}
