import { describe, expect, it } from 'vitest';
import { SipParseError } from './sip-parse-error';
import { createStreamFramer } from './stream-framer';

const msg = (body: string) =>
  `MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

describe('createStreamFramer', () => {
  it('delimits back-to-back messages by Content-Length, however the bytes are chunked', () => {
    const stream = Buffer.from(msg('hello') + msg('') + msg('wörld'));
    for (const size of [1, 3, 7, 64, stream.length]) {
      const framer = createStreamFramer();
      const out: string[] = [];
      for (let i = 0; i < stream.length; i += size) {
        for (const m of framer.push(stream.subarray(i, i + size)).messages) out.push(m.toString());
      }
      expect(out).toEqual([msg('hello'), msg(''), msg('wörld')]);
      expect(framer.buffered()).toBe(0);
    }
  });

  it('counts RFC 5626 keep-alive pings between messages', () => {
    const framer = createStreamFramer();
    const result = framer.push(Buffer.from(`\r\n\r\n${msg('x')}\r\n\r\n\r\n\r\n`));
    expect(result.messages).toHaveLength(1);
    expect(result.pings).toBe(3);
  });

  it('handles folded Content-Length headers', () => {
    const framer = createStreamFramer();
    const raw = 'OPTIONS sip:a@b SIP/2.0\r\nContent-Length:\r\n 2\r\n\r\nab';
    expect(framer.push(Buffer.from(raw)).messages.map(String)).toEqual([raw]);
  });

  it('rejects a missing or negative Content-Length and oversized messages', () => {
    expect(() => createStreamFramer().push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\n\r\n'))).toThrow(
      SipParseError,
    );
    expect(() => createStreamFramer().push(Buffer.from('OPTIONS sip:a@b SIP/2.0\r\nl: -1\r\n\r\n'))).toThrow(
      SipParseError,
    );
    expect(() => createStreamFramer(100).push(Buffer.from(msg('x'.repeat(200))))).toThrow(/too large/);
    expect(() => createStreamFramer(100).push(Buffer.alloc(200, 0x41))).toThrow(/too large/);
  });
});
