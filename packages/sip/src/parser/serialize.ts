import type { SipMessage } from './types';

export function serializeStartLine(msg: SipMessage): string {
  return msg.kind === 'request'
    ? `${msg.method} ${msg.uri} ${msg.version}`
    : `${msg.version} ${msg.status} ${msg.reason}`;
}

/**
 * Serializes a message. Content-Length is always rewritten to the real body length (kept at the
 * position of the first Content-Length header, appended otherwise) because stream peers frame on it.
 */
export function serializeMessage(msg: SipMessage): Buffer {
  const lines = [serializeStartLine(msg)];
  let wroteLength = false;
  for (const h of msg.headers) {
    if (h.name === 'Content-Length') {
      if (!wroteLength) lines.push(`Content-Length: ${msg.body.length}`);
      wroteLength = true;
    } else lines.push(`${h.name}: ${h.value}`);
  }
  if (!wroteLength) lines.push(`Content-Length: ${msg.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), msg.body]);
}
