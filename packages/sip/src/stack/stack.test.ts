import { afterEach, describe, expect, it } from 'vitest';
import { createDigestAuthenticator } from '../auth/digest-server';
import { getHeader, getTo } from '../message/headers';
import type { SipRequest } from '../parser/types';
import { startStacks, uriOf } from './test-stacks';
import type { SipStack } from './types';

let cleanup: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function pair() {
  const { stacks, close } = await startStacks(2);
  cleanup = close;
  return stacks as [SipStack, SipStack];
}

const invite = (from: SipStack, to: SipStack, body = 'v=0\r\n') =>
  from.createRequest({
    method: 'INVITE',
    uri: uriOf(to),
    from: uriOf(from, 'alice'),
    to: uriOf(to),
    body,
    contentType: 'application/sdp',
  });

describe('SIP stack over UDP', () => {
  it('binds only the configured host and reports real ports', async () => {
    const [a] = await pair();
    const [address] = a.addresses();
    expect(address).toMatchObject({ protocol: 'udp', host: '127.0.0.1' });
    expect(address?.port).toBeGreaterThan(0);
  });

  it('answers OPTIONS through the handler', async () => {
    const [a, b] = await pair();
    b.onRequest((incoming) => {
      incoming.reply(200, 'OK', { Allow: 'INVITE, ACK, CANCEL, BYE, OPTIONS' });
    });
    const out = a.sendRequest(
      a.createRequest({ method: 'OPTIONS', uri: uriOf(b), from: uriOf(a), to: uriOf(b) }),
    );
    const response = await out.response;
    expect(response.status).toBe(200);
    expect(getHeader(response, 'Allow')).toContain('INVITE');
  });

  it('runs a call: INVITE, 180, 200, ACK, BYE — with dialogs on both sides', async () => {
    const [a, b] = await pair();
    const acked = new Promise<SipRequest>((resolve) => b.onAck((ack) => resolve(ack)));
    let byeSeen = false;
    b.onRequest((incoming) => {
      if (incoming.request.method === 'INVITE') {
        incoming.reply(180);
        incoming.reply(200, 'OK', { 'Content-Type': 'application/sdp' }, 'v=0\r\n');
      } else if (incoming.request.method === 'BYE') {
        byeSeen = incoming.dialog?.state === 'terminated';
        incoming.reply(200);
      }
    });
    const call = a.sendRequest(invite(a, b));
    const ringing: number[] = [];
    call.onProvisional((r) => ringing.push(r.status));
    const ok = await call.response;
    expect(ok.status).toBe(200);
    expect(ringing).toContain(180);
    await acked;
    const dialog = call.dialog();
    expect(dialog?.state).toBe('confirmed');
    expect(b.dialogs.list()).toHaveLength(1);
    expect(b.dialogs.list()[0]?.id.remoteTag).toBe(dialog?.id.localTag);
    const bye = await a.dialogs.send(dialog!, 'BYE').response;
    expect(bye.status).toBe(200);
    expect(byeSeen).toBe(true);
    expect(a.dialogs.list()).toHaveLength(0);
    expect(b.dialogs.list()).toHaveLength(0);
  });

  it('re-INVITE and UPDATE inside a dialog, with 481 once it is gone', async () => {
    const [a, b] = await pair();
    const seen: string[] = [];
    b.onRequest((incoming) => {
      seen.push(`${incoming.request.method}:${incoming.dialog ? 'in' : 'out'}`);
      incoming.reply(200);
    });
    const call = a.sendRequest(invite(a, b));
    await call.response;
    const dialog = call.dialog()!;
    expect(
      (await a.dialogs.send(dialog, 'INVITE', { body: 'v=0\r\n', contentType: 'application/sdp' }).response)
        .status,
    ).toBe(200);
    expect((await a.dialogs.send(dialog, 'UPDATE').response).status).toBe(200);
    expect((await a.dialogs.send(dialog, 'BYE').response).status).toBe(200);
    dialog.state = 'confirmed';
    expect((await a.dialogs.send(dialog, 'INFO').response).status).toBe(481);
    expect(seen).toEqual(['INVITE:out', 'INVITE:in', 'UPDATE:in', 'BYE:in']);
  });

  it('CANCEL: 200 to the CANCEL, 487 to the INVITE, and the UAS is told', async () => {
    const [a, b] = await pair();
    const cancelled = new Promise<void>((resolve) => {
      b.onRequest((incoming) => {
        incoming.onCancel(resolve);
        incoming.reply(180);
      });
    });
    const call = a.sendRequest(invite(a, b));
    call.cancel();
    const final = await call.response;
    expect(final.status).toBe(487);
    await cancelled;
    expect(b.dialogs.list()).toHaveLength(0);
  });

  it('answers digest challenges when given credentials', async () => {
    const [a, b] = await pair();
    const auth = createDigestAuthenticator({ realm: 'iris.test', algorithm: 'SHA-256' });
    b.onRequest(async (incoming) => {
      const verdict = await auth.verify(incoming.request, (user) =>
        user === 'alice' ? { password: 'pw' } : undefined,
      );
      if (verdict.ok) incoming.reply(200);
      else incoming.reply(401, undefined, { 'WWW-Authenticate': auth.challenge() });
    });
    const register = () =>
      a.createRequest({ method: 'REGISTER', uri: uriOf(b), from: uriOf(a, 'alice'), to: uriOf(a, 'alice') });
    expect((await a.sendRequest(register()).response).status).toBe(401);
    const out = a.sendRequest(register(), { credentials: { username: 'alice', password: 'pw' } });
    expect((await out.response).status).toBe(200);
    expect(getHeader(out.request, 'Authorization')).toMatch(/^Digest /);
    expect(getHeader(out.request, 'CSeq')).toBe('2 REGISTER');
  });

  it('gives a local 503 when the next hop is unreachable over a stream', async () => {
    const { stacks, close } = await startStacks(1, 'tcp');
    cleanup = close;
    const [a] = stacks as [SipStack];
    const out = a.sendRequest(
      a.createRequest({
        method: 'OPTIONS',
        uri: 'sip:nobody@127.0.0.1:1;transport=tcp',
        from: uriOf(a),
        to: 'sip:nobody@127.0.0.1',
      }),
    );
    expect((await out.response).status).toBe(503);
  });

  it('falls back to 200 for OPTIONS and 501 for anything else without a handler', async () => {
    const [a, b] = await pair();
    const send = (method: string) =>
      a.sendRequest(a.createRequest({ method, uri: uriOf(b), from: uriOf(a), to: uriOf(b) })).response;
    expect((await send('OPTIONS')).status).toBe(200);
    const notImplemented = await send('MESSAGE');
    expect(notImplemented.status).toBe(501);
    expect(getTo(notImplemented).params.tag).toBeTruthy();
  });
});
