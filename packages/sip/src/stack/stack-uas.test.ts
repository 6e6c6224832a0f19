import { afterEach, describe, expect, it } from 'vitest';
import { getHeader, getVias } from '../message/headers';
import type { SipRequest, SipResponse } from '../parser/types';
import { createSipStack } from './create-sip-stack';
import { rawUdpPeer, startStacks, uriOf } from './test-stacks';
import type { SipStack } from './types';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((fn) => fn()));
  cleanup = [];
});

async function pair(extra = {}) {
  const { stacks, close } = await startStacks(2, 'udp', extra);
  cleanup.push(close);
  return stacks as [SipStack, SipStack];
}

describe('UAS core rules', () => {
  it('lets the callee hang up: BYE from the UAS side reaches the UAC dialog', async () => {
    const [a, b] = await pair();
    b.onRequest((incoming) => {
      incoming.reply(200);
    });
    const byes: Array<string | undefined> = [];
    a.onRequest((incoming) => {
      byes.push(incoming.dialog?.id.callId);
      incoming.reply(200);
    });
    const call = a.sendRequest(
      a.createRequest({ method: 'INVITE', uri: uriOf(b), from: uriOf(a), to: uriOf(b) }),
    );
    await call.response;
    const acked = new Promise((resolve) => b.onAck(resolve));
    await acked;
    const [uasDialog] = b.dialogs.list();
    expect((await b.dialogs.send(uasDialog!, 'BYE').response).status).toBe(200);
    expect(byes).toEqual([call.dialog()?.id.callId]);
    expect(a.dialogs.list()).toHaveLength(0);
    expect(b.dialogs.list()).toHaveLength(0);
  });

  it('answers 420 to an unsupported Require and accepts configured option tags', async () => {
    const [a, b] = await pair({ supported: ['timer'] });
    b.onRequest((incoming) => {
      incoming.reply(200);
    });
    const send = (require: string) =>
      a.sendRequest(
        a.createRequest({
          method: 'OPTIONS',
          uri: uriOf(b),
          from: uriOf(a),
          to: uriOf(b),
          headers: { Require: require },
        }),
      ).response;
    const rejected = await send('100rel, timer');
    expect(rejected.status).toBe(420);
    expect(getHeader(rejected, 'Unsupported')).toBe('100rel');
    expect((await send('timer')).status).toBe(200);
  });

  it('answers 416 to a Request-URI scheme it does not know (RFC 4475 §3.3.2)', async () => {
    const [a, b] = await pair();
    const request = a.createRequest({
      method: 'OPTIONS',
      uri: 'tel:+15551234567',
      from: uriOf(a),
      to: uriOf(b),
    });
    const response = await a.sendRequest(request, {
      destination: { host: '127.0.0.1', port: b.addresses()[0]?.port ?? 0 },
    }).response;
    expect(response.status).toBe(416);
  });

  it('answers 482 to a merged request (same From tag, Call-ID and CSeq, new branch)', async () => {
    const [b] = await pair();
    const peer = await rawUdpPeer();
    cleanup.push(peer.close);
    b.onRequest((incoming) => {
      // Ringing keeps the first INVITE's transaction open (and no 100 Trying timer racing the test).
      incoming.reply(180);
    });
    const port = b.addresses()[0]?.port ?? 0;
    const inviteVia = (branch: string) =>
      [
        'INVITE sip:b@127.0.0.1 SIP/2.0',
        `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK${branch}`,
        'From: <sip:a@127.0.0.1>;tag=m1',
        'To: <sip:b@127.0.0.1>',
        'Call-ID: merged@test',
        'CSeq: 1 INVITE',
        'Max-Forwards: 70',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
    await peer.send(inviteVia('path1'), port);
    await peer.send(inviteVia('path2'), port);
    const responses = [(await peer.next()) as SipResponse, (await peer.next()) as SipResponse];
    expect(responses.map((r) => [r.status, getVias(r)[0]?.params.branch])).toEqual([
      [180, 'z9hG4bKpath1'],
      [482, 'z9hG4bKpath2'],
    ]);
  });

  it('works over IPv6 with bracketed hosts in Via, Contact and the Request-URI', async () => {
    const stacks = await Promise.all(
      [0, 1].map(() => createSipStack({ transports: [{ protocol: 'udp', host: '::1', port: 0 }] })),
    );
    cleanup.push(() => Promise.all(stacks.map((s) => s.close())));
    const [a, b] = stacks as [SipStack, SipStack];
    expect(b.contact()).toMatch(/^sip:\[::1\]:\d+$/);
    let seen: SipRequest | undefined;
    b.onRequest((incoming) => {
      seen = incoming.request;
      incoming.reply(200);
    });
    const response = await a.sendRequest(
      a.createRequest({ method: 'OPTIONS', uri: uriOf(b), from: uriOf(a), to: uriOf(b) }),
    ).response;
    expect(response.status).toBe(200);
    expect(seen && getVias(seen)[0]).toMatchObject({ host: '[::1]', params: { received: '::1' } });
  });
});

describe('late offer', () => {
  it('lets the UAC send its own ACK with the SDP answer when autoAck is off', async () => {
    const [a, b] = await pair();
    b.onRequest((incoming) => {
      incoming.reply(200, 'OK', { 'Content-Type': 'application/sdp' }, 'v=0\r\n');
    });
    const ackBody = new Promise<string>((resolve) => b.onAck((ack) => resolve(ack.body.toString())));
    const call = a.sendRequest(
      a.createRequest({ method: 'INVITE', uri: uriOf(b), from: uriOf(a), to: uriOf(b) }),
      {
        autoAck: false,
      },
    );
    expect((await call.response).status).toBe(200);
    const dialog = call.dialog()!;
    expect(() => a.dialogs.send(dialog, 'ACK')).toThrow(/dialogs.ack/);
    a.dialogs.ack(dialog, { body: 'v=0\r\no=answer\r\n', contentType: 'application/sdp' });
    expect(await ackBody).toBe('v=0\r\no=answer\r\n');
  });
});

describe('transaction matching in the stack', () => {
  it('absorbs a retransmitted INVITE (handler runs once) and repeats the last provisional', async () => {
    const { stacks, close } = await startStacks(1);
    const peer = await rawUdpPeer();
    cleanup.push(close, peer.close);
    const stack = stacks[0] as SipStack;
    let calls = 0;
    stack.onRequest((incoming) => {
      calls++;
      incoming.reply(180);
    });
    const invite = [
      'INVITE sip:uas@127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKretrans`,
      'From: <sip:uac@127.0.0.1>;tag=r1',
      'To: <sip:uas@127.0.0.1>',
      'Call-ID: retrans@test',
      'CSeq: 1 INVITE',
      'Max-Forwards: 70',
      `Contact: <sip:uac@127.0.0.1:${peer.port}>`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const port = stack.addresses()[0]?.port ?? 0;
    await peer.send(invite, port);
    const first = (await peer.next()) as SipResponse;
    await peer.send(invite, port);
    const second = (await peer.next()) as SipResponse;
    expect([first.status, second.status]).toEqual([180, 180]);
    expect(getHeader(second, 'To')).toBe(getHeader(first, 'To'));
    expect(calls).toBe(1);
  });

  it('keeps the ACK of a non-2xx inside the transaction (no onAck)', async () => {
    const [a, b] = await pair();
    const acks: string[] = [];
    b.onAck((ack) => acks.push(ack.method));
    b.onRequest((incoming) => {
      incoming.reply(486);
    });
    const call = a.sendRequest(
      a.createRequest({ method: 'INVITE', uri: uriOf(b), from: uriOf(a), to: uriOf(b) }),
    );
    expect((await call.response).status).toBe(486);
    // The OPTIONS after it travels the same path, so the ACK (sent first) has been handled by then.
    await a.sendRequest(a.createRequest({ method: 'OPTIONS', uri: uriOf(b), from: uriOf(a), to: uriOf(b) }))
      .response;
    expect(acks).toEqual([]);
    expect(call.dialog()).toBeUndefined();
  });
});
