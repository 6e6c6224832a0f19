import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock/fake-clock';
import { createResponse } from '../message/build';
import { getCSeq, getHeader, getTo } from '../message/headers';
import { serializeMessage } from '../parser/serialize';
import type { SipRequest, SipResponse } from '../parser/types';
import { rawUdpPeer, startStacks } from './test-stacks';
import type { IncomingRequest, SipStack } from './types';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((fn) => fn()));
  cleanup = [];
});

async function stackAndPeer(options = {}) {
  const { stacks, close } = await startStacks(1, 'udp', options);
  const peer = await rawUdpPeer();
  cleanup.push(close, peer.close);
  const stack = stacks[0] as SipStack;
  return { stack, peer, port: stack.addresses()[0]?.port ?? 0 };
}

const rawInvite = (peerPort: number, extra: string[] = [], callId = 'prack-test@127.0.0.1') =>
  [
    'INVITE sip:uas@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP 127.0.0.1:${peerPort};branch=z9hG4bKinv${Math.random().toString(36).slice(2)}`,
    'Max-Forwards: 70',
    'From: <sip:uac@127.0.0.1>;tag=uac1',
    'To: <sip:uas@127.0.0.1>',
    `Call-ID: ${callId}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:uac@127.0.0.1:${peerPort}>`,
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

describe('reliable provisionals (RFC 3262)', () => {
  it('UAS: retransmits the reliable 183 until PRACK, answers the PRACK, then goes quiet', async () => {
    const clock = createFakeClock();
    const { stack, peer, port } = await stackAndPeer({ clock });
    let invite: IncomingRequest | undefined;
    stack.onRequest((incoming) => {
      invite = incoming;
      incoming.replyReliably(183, 'Session Progress');
    });
    await peer.send(rawInvite(peer.port, ['Supported: 100rel']), port);
    const first = (await peer.next()) as SipResponse;
    expect(first.status).toBe(183);
    expect(getHeader(first, 'Require')).toBe('100rel');
    clock.advance(500);
    const again = (await peer.next()) as SipResponse;
    expect(getHeader(again, 'RSeq')).toBe(getHeader(first, 'RSeq'));
    const prack = [
      'PRACK sip:uas@127.0.0.1 SIP/2.0',
      `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKprack1`,
      'Max-Forwards: 70',
      'From: <sip:uac@127.0.0.1>;tag=uac1',
      `To: ${getHeader(first, 'To')}`,
      'Call-ID: prack-test@127.0.0.1',
      'CSeq: 2 PRACK',
      `RAck: ${getHeader(first, 'RSeq')} 1 INVITE`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    await peer.send(prack, port);
    const prackOk = (await peer.next()) as SipResponse;
    expect([prackOk.status, getCSeq(prackOk).method]).toEqual([200, 'PRACK']);
    clock.advance(10_000);
    invite?.reply(200);
    const final = (await peer.next()) as SipResponse;
    expect([final.status, getCSeq(final).method]).toEqual([200, 'INVITE']);
    expect(getTo(final).params.tag).toBe(getTo(first).params.tag);
  });

  it('UAS: rejects the INVITE with 500 when no PRACK comes within 64*T1, and refuses without 100rel', async () => {
    const clock = createFakeClock();
    const { stack, peer, port } = await stackAndPeer({ clock, timers: { t1: 10 } });
    const refused: string[] = [];
    stack.onRequest((incoming) => {
      if (!incoming.request.headers.some((h) => h.name === 'Supported')) {
        expect(() => incoming.replyReliably(180)).toThrow(/100rel/);
        refused.push('no-100rel');
        incoming.reply(488);
        return;
      }
      incoming.replyReliably(180);
    });
    await peer.send(rawInvite(peer.port, ['Supported: 100rel']), port);
    expect(((await peer.next()) as SipResponse).status).toBe(180);
    const statuses: number[] = [];
    clock.advance(640);
    for (let status = 0; status !== 500; ) {
      status = ((await peer.next()) as SipResponse).status;
      statuses.push(status);
    }
    expect(statuses.every((s) => s === 180 || s === 500)).toBe(true);
    await peer.send(rawInvite(peer.port, [], 'plain@127.0.0.1'), port);
    expect(((await peer.next()) as SipResponse).status).toBe(488);
    expect(refused).toEqual(['no-100rel']);
  });

  it('UAC: PRACKs a reliable provisional in the early dialog and keeps CSeq in order', async () => {
    // A fake clock: no INVITE retransmission can slip in between the messages this test reads.
    const { stack, peer, port } = await stackAndPeer({ supported: ['100rel'], clock: createFakeClock() });
    const target = `sip:uas@127.0.0.1:${peer.port}`;
    const call = stack.sendRequest(
      stack.createRequest({ method: 'INVITE', uri: target, from: stack.contact(), to: target }),
    );
    const invite = (await peer.next()) as SipRequest;
    expect(getHeader(invite, 'Supported')).toBe('100rel');
    const ringing = createResponse(invite, 180, 'Ringing', {
      Require: '100rel',
      RSeq: '7',
      Contact: `<sip:uas@127.0.0.1:${peer.port}>`,
    });
    await peer.send(serializeMessage(ringing), port);
    const prack = (await peer.next()) as SipRequest;
    expect(prack.method).toBe('PRACK');
    expect(getHeader(prack, 'RAck')).toBe('7 1 INVITE');
    expect(getCSeq(prack).seq).toBe(2);
    expect(getTo(prack).params.tag).toBe(getTo(ringing).params.tag);
    await peer.send(serializeMessage(createResponse(prack, 200)), port);
    const ok = createResponse(invite, 200, 'OK', { Contact: `<sip:uas@127.0.0.1:${peer.port}>` });
    ok.headers = ok.headers.map((h) =>
      h.name === 'To' ? { name: 'To', value: getHeader(ringing, 'To') ?? '' } : h,
    );
    await peer.send(serializeMessage(ok), port);
    expect((await call.response).status).toBe(200);
    const ack = (await peer.next()) as SipRequest;
    expect([ack.method, getCSeq(ack).seq]).toEqual(['ACK', 1]);
    void stack.dialogs.send(call.dialog()!, 'BYE');
    const bye = (await peer.next()) as SipRequest;
    expect([bye.method, getCSeq(bye).seq]).toEqual(['BYE', 3]);
    expect(stack.dialogs.list()).toHaveLength(1);
  });
});
