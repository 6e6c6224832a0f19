import { describe, expect, it } from 'vitest';
import { parseNameAddr, serializeNameAddr } from './name-addr';
import { SipParseError } from './sip-parse-error';

describe('parseNameAddr', () => {
  it('reads quoted display names with escapes, and header params after >', () => {
    const addr = parseNameAddr(
      '"A \\"B\\" C" <sip:a@example.com;transport=udp> ;tag=abc; x = "y;z"',
      'strict',
    );
    expect(addr.displayName).toBe('A "B" C');
    expect(addr.uri).toMatchObject({ host: 'example.com', params: { transport: 'udp' } });
    expect(addr.params).toEqual({ tag: 'abc', x: '"y;z"' });
  });

  it('reads token display names and addr-spec where params belong to the header', () => {
    expect(parseNameAddr('Bob Smith <sip:bob@b>', 'strict').displayName).toBe('Bob Smith');
    const spec = parseNameAddr('sip:bob@b;tag=1', 'strict');
    expect(spec.uri).toMatchObject({ host: 'b', params: {} });
    expect(spec.params).toEqual({ tag: '1' });
  });

  it('is strict about <> rules but lenient mode recovers', () => {
    expect(() => parseNameAddr('sip:a@b?x=y', 'strict')).toThrow(SipParseError);
    expect(() => parseNameAddr('< sip:a@b >', 'strict')).toThrow(SipParseError);
    expect(parseNameAddr('< sip:a@b >', 'lenient').uri).toMatchObject({ host: 'b' });
    expect(() => parseNameAddr('Bell, A <sip:a@b>', 'strict')).toThrow(SipParseError);
    expect(() => parseNameAddr('"unterminated <sip:a@b>', 'lenient')).toThrow(SipParseError);
  });

  it('serializes to a form that parses back the same', () => {
    const addr = parseNameAddr('Joe <sip:joe@[::1]:5060;lr>;tag=9', 'lenient');
    expect(parseNameAddr(serializeNameAddr(addr), 'strict')).toEqual(addr);
  });
});
