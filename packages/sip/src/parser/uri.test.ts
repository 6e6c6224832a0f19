import { describe, expect, it } from 'vitest';
import { SipParseError } from './sip-parse-error';
import { parseSipUri, parseUri, serializeUri } from './uri';

describe('parseUri', () => {
  it('splits user, password, host, port, params and headers', () => {
    expect(
      parseUri('sips:alice:secret@example.com:5061;transport=tcp;lr?Subject=hi&Priority=urgent'),
    ).toEqual({
      type: 'sip',
      scheme: 'sips',
      user: 'alice',
      password: 'secret',
      host: 'example.com',
      port: 5061,
      params: { transport: 'tcp', lr: null },
      headers: { Subject: 'hi', Priority: 'urgent' },
    });
  });

  it('accepts IPv6 references with and without ports', () => {
    expect(parseSipUri('sip:[2001:db8::10]:5070;maddr=[2001:db8::1]')).toMatchObject({
      host: '[2001:db8::10]',
      port: 5070,
      params: { maddr: '[2001:db8::1]' },
    });
    expect(parseSipUri('sip:bob@[::1]').host).toBe('[::1]');
    expect(() => parseUri('sip:[2001:db8::10')).toThrow(SipParseError);
    expect(() => parseUri('sip:[zz::1]')).toThrow(SipParseError);
  });

  it('keeps escapes and lets the user part carry ; and ? (RFC 4475 §3.1.1.9)', () => {
    expect(parseSipUri('sip:user;par=u%40example.net@example.com')).toMatchObject({
      user: 'user;par=u%40example.net',
      host: 'example.com',
    });
  });

  it('keeps unknown schemes opaque', () => {
    expect(parseUri('tel:+1-201-555-0123')).toEqual({
      type: 'absolute',
      scheme: 'tel',
      opaque: '+1-201-555-0123',
    });
    expect(() => parseSipUri('tel:+1')).toThrow(SipParseError);
  });

  it('rejects bad ports, hosts and whitespace', () => {
    for (const bad of [
      'sip:a@b:99999',
      'sip:a@b:x',
      'sip:a@-b',
      'sip:a b@c',
      'sip:@example.com',
      'example.com',
      '<sip:a@b>',
    ]) {
      expect(() => parseUri(bad), bad).toThrow(SipParseError);
    }
  });

  it('round-trips through serializeUri', () => {
    for (const text of [
      'sip:a@b',
      'sip:a:p@[::1]:5060;lr;x=y?h=v',
      'sips:host.example.com:5061',
      'urn:service:sos',
    ]) {
      expect(serializeUri(parseUri(text))).toBe(text);
    }
  });
});
