import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock/fake-clock';
import { createResponse } from '../message/build';
import { serializeMessage } from '../parser/serialize';
import type { SipRequest } from '../parser/types';
import { rawUdpPeer, startStacks } from './test-stacks';
import type { SipStack } from './types';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((fn) => fn()));
  cleanup = [];
});

describe('stack timers on an injected clock', () => {
  it('retransmits an unanswered INVITE on Timer A and reports 408 at Timer B', async () => {
    const clock = createFakeClock();
    const { stacks, close } = await startStacks(1, 'udp', { clock });
    const peer = await rawUdpPeer();
    cleanup.push(close, peer.close);
    const stack = stacks[0] as SipStack;
    const target = `sip:silent@127.0.0.1:${peer.port}`;
    const call = stack.sendRequest(
      stack.createRequest({ method: 'INVITE', uri: target, from: stack.contact(), to: target }),
    );
    const first = (await peer.next()) as SipRequest;
    clock.advance(500);
    const second = (await peer.next()) as SipRequest;
    expect(second).toEqual(first);
    clock.advance(31_500);
    expect((await call.response).status).toBe(408);
  });

  it('T1 is configurable and a provisional stops the retransmissions', async () => {
    const clock = createFakeClock();
    const { stacks, close } = await startStacks(1, 'udp', { clock, timers: { t1: 100 } });
    const peer = await rawUdpPeer();
    cleanup.push(close, peer.close);
    const stack = stacks[0] as SipStack;
    const target = `sip:ringing@127.0.0.1:${peer.port}`;
    const call = stack.sendRequest(
      stack.createRequest({ method: 'INVITE', uri: target, from: stack.contact(), to: target }),
    );
    const invite = (await peer.next()) as SipRequest;
    clock.advance(100);
    await peer.next();
    const ringing = new Promise((resolve) => call.onProvisional(resolve));
    await peer.send(serializeMessage(createResponse(invite, 180)), stack.addresses()[0]?.port ?? 0);
    await ringing;
    expect(call.transaction.state).toBe('proceeding');
    clock.advance(6_400);
    await peer.send(serializeMessage(createResponse(invite, 486)), stack.addresses()[0]?.port ?? 0);
    expect((await call.response).status).toBe(486);
    const ack = (await peer.next()) as SipRequest;
    expect(ack.method).toBe('ACK');
  });
});
