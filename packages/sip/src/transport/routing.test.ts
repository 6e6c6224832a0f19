import { describe, expect, it } from 'vitest';
import { createRequest } from '../message/build-request';
import { parseVia } from '../parser/via';
import { requestDestination, responseDestination, stampReceived } from './routing';

const via = (text: string) => parseVia(text, 'strict');
const source = { host: '203.0.113.9', port: 40123 };

describe('Via received / rport (RFC 3261 §18.2.1, RFC 3581)', () => {
  it('adds received when the source differs from sent-by, and fills an empty rport', () => {
    expect(stampReceived(via('SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK1'), source).params).toEqual({
      branch: 'z9hG4bK1',
    });
    expect(stampReceived(via('SIP/2.0/UDP pc.example.com;branch=z9hG4bK1'), source).params).toEqual({
      branch: 'z9hG4bK1',
      received: '203.0.113.9',
    });
    expect(stampReceived(via('SIP/2.0/UDP 203.0.113.9:5060;rport;branch=z9hG4bK1'), source).params).toEqual({
      rport: '40123',
      branch: 'z9hG4bK1',
      received: '203.0.113.9',
    });
  });
});

describe('response destination (RFC 3261 §18.2.2)', () => {
  it('uses the open connection for reliable transports', () => {
    expect(
      responseDestination(via('SIP/2.0/TCP a.example.com:5070;received=203.0.113.9'), source, true),
    ).toEqual(source);
  });
  it('opens a new connection to received and the sent-by port when the old one is gone', () => {
    const v = via('SIP/2.0/TLS a.example.com:5071;received=203.0.113.9;rport=40123');
    expect(responseDestination(v, source, false)).toEqual({ host: '203.0.113.9', port: 5071 });
  });
  it('sends UDP responses to maddr, then received+rport, then sent-by', () => {
    expect(responseDestination(via('SIP/2.0/UDP a.example.com;maddr=239.1.1.1;ttl=1'), source, true)).toEqual(
      {
        host: '239.1.1.1',
        port: 5060,
      },
    );
    expect(
      responseDestination(
        via('SIP/2.0/UDP a.example.com:5070;received=203.0.113.9;rport=40123'),
        source,
        true,
      ),
    ).toEqual({
      host: '203.0.113.9',
      port: 40123,
    });
    expect(
      responseDestination(via('SIP/2.0/UDP a.example.com:5070;received=203.0.113.9'), source, true),
    ).toEqual({
      host: '203.0.113.9',
      port: 5070,
    });
    expect(responseDestination(via('SIP/2.0/UDP a.example.com'), source, true)).toEqual({
      host: 'a.example.com',
      port: 5060,
    });
  });
});

describe('request destination', () => {
  const request = (uri: string, route?: string) =>
    createRequest({
      method: 'OPTIONS',
      uri,
      from: 'sip:a@b',
      to: uri,
      headers: route ? { Route: route } : undefined,
    });
  it('follows the first Route, else the Request-URI, with transport and sips defaults', () => {
    expect(requestDestination(request('sip:bob@192.0.2.1'))).toEqual({ host: '192.0.2.1', port: 5060 });
    expect(requestDestination(request('sip:bob@192.0.2.1:5080;transport=tcp'))).toEqual({
      host: '192.0.2.1',
      port: 5080,
      protocol: 'tcp',
    });
    expect(requestDestination(request('sips:bob@example.com'))).toEqual({
      host: 'example.com',
      port: 5061,
      protocol: 'tls',
    });
    expect(
      requestDestination(request('sip:bob@192.0.2.1', '<sip:proxy.example.com:5070;lr;transport=ws>')),
    ).toEqual({
      host: 'proxy.example.com',
      port: 5070,
      protocol: 'ws',
    });
    expect(() => requestDestination(request('tel:+15551234'))).toThrow(/tel/);
  });
});
