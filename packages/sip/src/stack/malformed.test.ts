import { afterEach, describe, expect, it } from 'vitest';
import { getHeader, getVias } from '../message/headers';
import { loadFixture } from '../parser/fixtures/index';
import type { SipResponse } from '../parser/types';
import { rawUdpPeer, startStacks } from './test-stacks';
import type { SipStack } from './types';

let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((fn) => fn()));
  cleanup = [];
});

async function setup() {
  const { stacks, close } = await startStacks(1);
  const peer = await rawUdpPeer();
  cleanup.push(close, peer.close);
  const stack = stacks[0] as SipStack;
  stack.onRequest((incoming) => {
    incoming.reply(200);
  });
  return { stack, peer, port: stack.addresses()[0]?.port ?? 0 };
}

const options = (peerPort: number, extra = '') =>
  [
    'OPTIONS sip:uas@127.0.0.1 SIP/2.0',
    `Via: SIP/2.0/UDP 127.0.0.1:${peerPort};branch=z9hG4bK${Math.random().toString(36).slice(2)}${extra}`,
    'Max-Forwards: 70',
    'From: <sip:probe@127.0.0.1>;tag=p1',
    'To: <sip:uas@127.0.0.1>',
    `Call-ID: ${Math.random().toString(36).slice(2)}@probe`,
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

describe('malformed input', () => {
  it('drops garbage it cannot answer and keeps serving', async () => {
    const { peer, port } = await setup();
    for (const junk of [
      '',
      '\x00\x01\x02',
      'hello world',
      'INVITE\r\n\r\n',
      Buffer.alloc(1400, 0xff),
      loadFixture('bigcode'),
    ]) {
      await peer.send(junk, port);
    }
    await peer.send(options(peer.port), port);
    const response = (await peer.next()) as SipResponse;
    expect(response.status).toBe(200);
  });

  it('answers 400 with a Warning when the core headers are readable', async () => {
    const { peer, port } = await setup();
    const broken = options(peer.port).replace('Max-Forwards: 70', 'Max-Forwards: 300');
    await peer.send(broken, port);
    const response = (await peer.next()) as SipResponse;
    expect(response.status).toBe(400);
    expect(getHeader(response, 'Warning')).toMatch(/^399 .*Max-Forwards/);
    await peer.send(options(peer.port), port);
    expect(((await peer.next()) as SipResponse).status).toBe(200);
  });

  it('answers every RFC 4475 invalid request it can, and then still serves', async () => {
    const { peer, port } = await setup();
    for (const name of ['badaspec', 'baddn', 'mismatch01', 'lwsstart', 'trws', 'escruri']) {
      const text = loadFixture(name)
        .toString('latin1')
        .replace(/^Via:.*$/im, `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bK${name}`);
      await peer.send(Buffer.from(text, 'latin1'), port);
      expect(((await peer.next()) as SipResponse).status, name).toBe(400);
    }
    await peer.send(options(peer.port), port);
    expect(((await peer.next()) as SipResponse).status).toBe(200);
  });

  it('answers 505 to an unknown SIP version in lenient mode', async () => {
    const { stacks, close } = await startStacks(1, 'udp', { parseMode: 'lenient' });
    const peer = await rawUdpPeer();
    cleanup.push(close, peer.close);
    const port = stacks[0]?.addresses()[0]?.port ?? 0;
    await peer.send(options(peer.port).replace('SIP/2.0\r\n', 'SIP/3.0\r\n'), port);
    expect(((await peer.next()) as SipResponse).status).toBe(505);
  });

  it('fills received and rport (RFC 3581) and answers to the source port', async () => {
    const { peer, port } = await setup();
    // sent-by claims another host and port: only rport brings the answer back here.
    const request = options(peer.port, ';rport').replace(`127.0.0.1:${peer.port};`, 'client.invalid:5999;');
    await peer.send(request, port);
    const response = (await peer.next()) as SipResponse;
    const [via] = getVias(response);
    expect(via?.params).toMatchObject({ received: '127.0.0.1', rport: String(peer.port) });
  });
});
