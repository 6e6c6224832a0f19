import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock/fake-clock';
import { createRequest } from '../message/build-request';
import { computeDigestResponse, parseAuthHeader } from './digest';
import { answerDigestChallenge } from './digest-client';
import { createDigestAuthenticator } from './digest-server';

const rfc7616 = {
  username: 'Mufasa',
  password: 'Circle of Life',
  realm: 'http-auth@example.org',
  method: 'GET',
  uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  nc: '00000001',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  qop: 'auth',
} as const;

describe('digest computation (known vectors)', () => {
  it('matches RFC 2617 §3.5', () => {
    expect(
      computeDigestResponse({
        algorithm: 'MD5',
        username: 'Mufasa',
        password: 'Circle Of Life',
        realm: 'testrealm@host.com',
        method: 'GET',
        uri: '/dir/index.html',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        qop: 'auth',
        nc: '00000001',
        cnonce: '0a4f113b',
      }),
    ).toBe('6629fae49393a05397450978507c4ef1');
  });

  it('matches RFC 7616 §3.9.1 for MD5 and SHA-256', () => {
    expect(computeDigestResponse({ ...rfc7616, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(computeDigestResponse({ ...rfc7616, algorithm: 'SHA-256' })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('answers the RFC 7616 challenge with the RFC response', () => {
    const challenge =
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
    const answer = parseAuthHeader(
      answerDigestChallenge(challenge, { ...rfc7616, nc: 1, cnonce: rfc7616.cnonce }),
    );
    expect(answer.params).toMatchObject({
      username: 'Mufasa',
      qop: 'auth',
      nc: '00000001',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
      response: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    });
  });
});

describe('digest authenticator (server side)', () => {
  const lookup = (user: string) => (user === 'alice' ? { password: 's3cret' } : undefined);
  const register = () =>
    createRequest({
      method: 'REGISTER',
      uri: 'sip:example.com',
      from: 'sip:alice@example.com',
      to: 'sip:alice@example.com',
    });

  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    it(`accepts a correct ${algorithm} answer once per nonce count and refuses replays`, async () => {
      const auth = createDigestAuthenticator({ realm: 'example.com', algorithm });
      const request = register();
      expect(await auth.verify(request, lookup)).toMatchObject({ ok: false, reason: 'missing' });
      const challenge = auth.challenge();
      request.headers.push({
        name: 'Authorization',
        value: answerDigestChallenge(challenge, {
          username: 'alice',
          password: 's3cret',
          method: 'REGISTER',
          uri: 'sip:example.com',
        }),
      });
      expect(await auth.verify(request, lookup)).toEqual({ ok: true, username: 'alice' });
      expect(await auth.verify(request, lookup)).toMatchObject({ ok: false, reason: 'replay' });
    });
  }

  it('refuses wrong passwords, unknown users and forged nonces', async () => {
    const auth = createDigestAuthenticator({ realm: 'example.com' });
    const answer = (challenge: string, username: string, password: string) => {
      const request = register();
      request.headers.push({
        name: 'Authorization',
        value: answerDigestChallenge(challenge, {
          username,
          password,
          method: 'REGISTER',
          uri: 'sip:example.com',
        }),
      });
      return auth.verify(request, lookup);
    };
    expect(await answer(auth.challenge(), 'alice', 'wrong')).toMatchObject({ reason: 'bad-response' });
    expect(await answer(auth.challenge(), 'mallory', 'x')).toMatchObject({ reason: 'unknown-user' });
    const other = createDigestAuthenticator({ realm: 'example.com' });
    expect(await answer(other.challenge(), 'alice', 's3cret')).toMatchObject({
      reason: 'bad-nonce',
      stale: false,
    });
  });

  it('marks a correct answer to an expired nonce stale, and challenges with stale=true', async () => {
    const clock = createFakeClock(1_000_000);
    const auth = createDigestAuthenticator({ realm: 'example.com', clock, nonceTtlMs: 60_000 });
    const request = register();
    request.headers.push({
      name: 'Authorization',
      value: answerDigestChallenge(auth.challenge(), {
        username: 'alice',
        password: 's3cret',
        method: 'REGISTER',
        uri: 'sip:example.com',
      }),
    });
    clock.advance(60_001);
    expect(await auth.verify(request, lookup)).toEqual({ ok: false, reason: 'bad-nonce', stale: true });
    expect(parseAuthHeader(auth.challenge({ stale: true })).params.stale).toBe('true');
  });

  it('accepts HA1 secrets instead of passwords', async () => {
    const auth = createDigestAuthenticator({ realm: 'example.com' });
    const request = register();
    request.headers.push({
      name: 'Authorization',
      value: answerDigestChallenge(auth.challenge(), {
        username: 'alice',
        password: 's3cret',
        method: 'REGISTER',
        uri: 'sip:example.com',
      }),
    });
    const { createHash } = await import('node:crypto');
    const ha1 = createHash('md5').update('alice:example.com:s3cret').digest('hex');
    expect(await auth.verify(request, () => ({ ha1 }))).toEqual({ ok: true, username: 'alice' });
  });
});
