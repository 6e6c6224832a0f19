import { SipParseError } from './sip-parse-error';

export type FramedChunk = { messages: Buffer[]; pings: number };

export type StreamFramer = {
  /** Feeds received bytes; returns every complete message now available, in order. */
  push(chunk: Uint8Array): FramedChunk;
  /** Bytes held waiting for the rest of a message. */
  buffered(): number;
};

const CRLFCRLF = Buffer.from('\r\n\r\n');
const LENGTH_RE = /^(?:content-length|l)[ \t]*:[ \t]*([^\r\n]*)$/im;

/**
 * Delimits messages on a stream transport by Content-Length, which RFC 3261 §18.3 makes mandatory
 * there. CRLFs between messages are skipped; each "\r\n\r\n" seen there is an RFC 5626 keep-alive
 * ping the connection should answer with a single CRLF pong. A missing or bad Content-Length, or a
 * message over `maxMessageSize`, throws SipParseError: the stream can't be resynchronised, so the
 * caller closes the connection.
 */
export function createStreamFramer(maxMessageSize = 256 * 1024): StreamFramer {
  let buffer = Buffer.alloc(0);
  const push = (chunk: Uint8Array): FramedChunk => {
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    const out: FramedChunk = { messages: [], pings: 0 };
    for (;;) {
      let start = 0;
      while (start < buffer.length && (buffer[start] === 0x0d || buffer[start] === 0x0a)) {
        if (buffer.subarray(start, start + 4).equals(CRLFCRLF)) {
          out.pings++;
          start += 4;
        } else start++;
      }
      buffer = buffer.subarray(start);
      const headEnd = buffer.indexOf(CRLFCRLF);
      if (headEnd < 0) {
        if (buffer.length > maxMessageSize) throw new SipParseError('framing', 'header section too large');
        return out;
      }
      const head = buffer.toString('latin1', 0, headEnd).replace(/\r\n[ \t]+/g, ' ');
      const m = LENGTH_RE.exec(head);
      if (!m) throw new SipParseError('framing', 'Content-Length is required on stream transports');
      const raw = (m[1] ?? '').trim();
      if (!/^\d{1,10}$/.test(raw)) throw new SipParseError('framing', 'bad Content-Length');
      const total = headEnd + 4 + Number(raw);
      if (total > maxMessageSize) throw new SipParseError('framing', 'message too large');
      if (buffer.length < total) return out;
      out.messages.push(Buffer.from(buffer.subarray(0, total)));
      buffer = buffer.subarray(total);
    }
  };
  return { push, buffered: () => buffer.length };
}
