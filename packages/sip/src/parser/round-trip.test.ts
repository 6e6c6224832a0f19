import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quote } from './lexical';
import { parseNameAddr, serializeNameAddr } from './name-addr';
import { parseMessage } from './parse-message';
import { serializeMessage } from './serialize';
import type { NameAddr, SipHeader, SipMessage, SipUri, Via } from './types';
import { parseUri, serializeUri } from './uri';
import { parseVia, serializeVia } from './via';

const TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~".split('');
const token = fc
  .array(fc.constantFrom(...TOKEN_CHARS), { minLength: 1, maxLength: 12 })
  .map((c) => c.join(''));
const label = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/);
const host = fc.oneof(
  fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => `${l.join('.')}.example`),
  fc.ipV4(),
  fc.ipV6().map((a) => `[${a}]`),
);
const user = fc.stringMatching(/^([a-zA-Z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-F]{2}){1,12}$/);
const paramValue = fc.stringMatching(/^[a-zA-Z0-9\-_.!~*'()]{1,10}$/);
// Header parameters are generic-params: token names and token values (URI params allow more).
const params = fc.dictionary(
  token.map((t) => t.toLowerCase()),
  fc.option(token, { nil: null }),
  { maxKeys: 3 },
);

const sipUri: fc.Arbitrary<SipUri> = fc.record({
  type: fc.constant('sip' as const),
  scheme: fc.constantFrom('sip' as const, 'sips' as const),
  user,
  host,
  port: fc.integer({ min: 1, max: 65535 }),
  params: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), fc.option(paramValue, { nil: null }), {
    maxKeys: 3,
  }),
  headers: fc.constant({}),
});

const displayName = fc.string({
  unit: fc.constantFrom(...'ab cd"\\,;<>:@é中'.split('')),
  minLength: 1,
  maxLength: 12,
});
const nameAddr: fc.Arbitrary<NameAddr> = fc
  .record({ displayName: fc.option(displayName, { nil: undefined }), uri: sipUri, params })
  .map((a) => (a.displayName === undefined ? { uri: a.uri, params: a.params } : a));

const via: fc.Arbitrary<Via> = fc.record({
  protocol: fc.constant('SIP/2.0'),
  transport: fc.constantFrom('UDP', 'TCP', 'TLS', 'WS', 'WSS', 'SCTP'),
  host,
  port: fc.integer({ min: 1, max: 65535 }),
  params: params.map((p) => ({ ...p, branch: 'z9hG4bKx' })),
});

const message: fc.Arbitrary<SipMessage> = fc
  .record({
    method: token,
    uri: sipUri,
    vias: fc.array(via, { minLength: 1, maxLength: 3 }),
    from: nameAddr,
    to: nameAddr,
    contacts: fc.array(nameAddr, { maxLength: 3 }),
    callId: token,
    seq: fc.nat({ max: 2 ** 31 }),
    extra: fc.array(
      fc.record({ name: token.map((t) => `X-${t}`), value: fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/) }),
      {
        maxLength: 3,
      },
    ),
    body: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ method, uri, vias, from, to, contacts, callId, seq, extra, body }) => {
    const headers: SipHeader[] = [
      ...vias.map((v) => ({ name: 'Via', value: serializeVia(v) })),
      { name: 'From', value: serializeNameAddr(from) },
      { name: 'To', value: serializeNameAddr(to) },
      ...contacts.map((c) => ({ name: 'Contact', value: serializeNameAddr(c) })),
      { name: 'Call-ID', value: callId },
      { name: 'CSeq', value: `${seq} ${method}` },
      ...extra,
      { name: 'Content-Length', value: String(body.length) },
    ];
    return {
      kind: 'request' as const,
      method,
      uri: serializeUri({ ...uri, headers: {} }),
      version: 'SIP/2.0',
      headers,
      body: Buffer.from(body),
    };
  });

describe('serializer round trips (property-based)', () => {
  it('URIs, name-addrs and Vias parse back to what was serialized', () => {
    fc.assert(
      fc.property(sipUri, nameAddr, via, (uri, addr, v) => {
        expect(parseUri(serializeUri(uri))).toEqual(uri);
        expect(parseNameAddr(serializeNameAddr(addr), 'strict')).toEqual(addr);
        expect(parseVia(serializeVia(v), 'strict')).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it('whole messages survive serialize → strict parse unchanged', () => {
    fc.assert(
      fc.property(message, (msg) => {
        expect(parseMessage(serializeMessage(msg))).toEqual(msg);
      }),
      { numRuns: 500 },
    );
  });

  it('quotes display names so any text comes back intact', () => {
    fc.assert(
      fc.property(displayName, (name) => {
        expect(parseNameAddr(`${quote(name)} <sip:a@b>`, 'strict').displayName).toBe(name);
      }),
    );
  });
});
