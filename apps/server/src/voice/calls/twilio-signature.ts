import { createHmac } from 'node:crypto';

/**
 * `X-Twilio-Signature` as twilio-node validates it (provider-contracts.md §1): base64 HMAC-SHA1 over
 * the full URL followed by each POST parameter's name and value, names sorted. Existing Twilio apps
 * check it with their helper library, given our per-tenant secret as the "auth token".
 */
export function twilioSignature(key: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}
