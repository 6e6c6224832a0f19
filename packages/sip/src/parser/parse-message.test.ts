import { describe, expect, it } from 'vitest';
import { getContacts, getHeaders, getVias } from '../message/headers';
import { parseMessage } from './parse-message';
import { serializeMessage } from './serialize';
import { SipParseError } from './sip-parse-error';

const base = [
  'INVITE sip:bob@[2001:db8::2] SIP/2.0',
  'v: SIP/2.0/UDP [2001:db8::1]:5062;branch=z9hG4bKa;rport, SIP/2.0/TCP proxy.example.com;branch=z9hG4bKb',
  'f: "Doe, John" <sip:john@example.com>;tag=1',
  't: <sip:bob@example.com>',
  'i: abc@host',
  'CSeq: 1 INVITE',
  'm: "Comma, inside" <sip:a@b;x=1>, <sip:c@d>;q=0.5',
  'k: timer, 100rel',
  'Date: Sat, 13 Nov 2010 23:29:00 GMT',
  'WWW-Authenticate: Digest realm="a, b", nonce="x"',
];

describe('parseMessage', () => {
  it('expands compact names and splits list headers outside quotes and <>', () => {
    const msg = parseMessage(`${base.join('\r\n')}\r\nl: 0\r\n\r\n`);
    expect(getVias(msg).map((v) => [v.host, v.port, v.params.rport])).toEqual([
      ['[2001:db8::1]', 5062, null],
      ['proxy.example.com', undefined, undefined],
    ]);
    expect(getContacts(msg).map((c) => c.displayName ?? null)).toEqual(['Comma, inside', null]);
    expect(getHeaders(msg, 'Supported')).toEqual(['timer', '100rel']);
    expect(getHeaders(msg, 'Date')).toEqual(['Sat, 13 Nov 2010 23:29:00 GMT']);
    expect(getHeaders(msg, 'www-authenticate')).toHaveLength(1);
  });

  it('uses Content-Length to find the body and rejects lies about it', () => {
    const head = 'MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nCSeq: 1 MESSAGE\r\n';
    expect(parseMessage(`${head}Content-Length: 3\r\n\r\nabcdef`).body.toString()).toBe('abc');
    expect(parseMessage(`${head}\r\nabcdef`).body.toString()).toBe('abcdef');
    expect(() => parseMessage(`${head}Content-Length: 9\r\n\r\nabc`)).toThrow(SipParseError);
    expect(() => parseMessage(`${head}Content-Length: 1\r\nl: 2\r\n\r\nabc`)).toThrow(/conflicting/);
  });

  it('parses responses, and accepts bare LF only in lenient mode', () => {
    const text = 'SIP/2.0 180 Ringing\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\nCSeq: 1 INVITE\n\n';
    expect(() => parseMessage(text)).toThrow(SipParseError);
    expect(parseMessage(text, { mode: 'lenient' })).toMatchObject({
      kind: 'response',
      status: 180,
      reason: 'Ringing',
    });
  });

  it('rejects garbage, bad start lines and headers without colons', () => {
    for (const bad of [
      '',
      '\r\n\r\n',
      'hello',
      'INVITE sip:a@b SIP/2.0\r\nNoColonHere\r\n\r\n',
      'SIP/2.0 99 Low\r\n\r\n',
    ]) {
      expect(() => parseMessage(bad), JSON.stringify(bad)).toThrow(SipParseError);
    }
  });

  it('serializes with a recomputed Content-Length', () => {
    const msg = parseMessage('OPTIONS sip:a@b SIP/2.0\r\nCSeq: 2 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    msg.body = Buffer.from('hello');
    expect(serializeMessage(msg).toString()).toBe(
      'OPTIONS sip:a@b SIP/2.0\r\nCSeq: 2 OPTIONS\r\nContent-Length: 5\r\n\r\nhello',
    );
  });
});
