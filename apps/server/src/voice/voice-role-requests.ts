import type { IncomingRequest } from '@iris/sip';

/**
 * What this node accepts today. INVITE is listed because calls are this role's purpose; until call
 * handling lands (voice-platform issue) an INVITE is refused with 480 rather than 405, so a carrier
 * treats it as a temporary condition and does not stop routing to this node.
 */
export const ALLOWED_METHODS = ['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS'] as const;

/** Methods defined by RFC 3261 and its extensions that we recognise but do not implement (→ 405). */
const KNOWN_METHODS = new Set([
  'REGISTER',
  'PRACK',
  'UPDATE',
  'INFO',
  'SUBSCRIBE',
  'NOTIFY',
  'REFER',
  'MESSAGE',
  'PUBLISH',
]);

const allow = ALLOWED_METHODS.join(', ');

/** Seconds a refused caller should wait before retrying (RFC 3261 §20.33). */
const RETRY_AFTER_SECONDS = '60';

/**
 * Answers every request that reaches the role. Malformed requests never get here (the stack answers
 * 400 or drops them), nor do CANCEL and ACK, nor in-dialog requests for unknown dialogs (481).
 */
export function answerRequest(incoming: IncomingRequest): void {
  const { method } = incoming.request;
  if (method === 'OPTIONS') {
    // RFC 3261 §11.2: a capabilities answer lists methods and the body types we understand.
    incoming.reply(200, 'OK', { Allow: allow, Accept: 'application/sdp', 'Accept-Language': 'en' });
    return;
  }
  if (method === 'INVITE') {
    incoming.reply(480, 'Temporarily Unavailable', { 'Retry-After': RETRY_AFTER_SECONDS, Allow: allow });
    return;
  }
  if (method === 'BYE') {
    // RFC 3261 §15.1.2: a BYE matching no dialog gets 481 (the stack does that for tagged ones).
    incoming.reply(481);
    return;
  }
  // RFC 3261 §8.2.1: 405 with Allow for a method we know but do not serve, 501 for one we do not know.
  if (KNOWN_METHODS.has(method)) incoming.reply(405, 'Method Not Allowed', { Allow: allow });
  else incoming.reply(501, 'Not Implemented', { Allow: allow });
}
