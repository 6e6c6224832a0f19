import { afterEach, describe, expect, it } from 'vitest';
import { getVias } from '../message/headers';
import { startStacks, uriOf } from '../stack/test-stacks';
import type { SipStack } from '../stack/types';
import type { TransportProtocol } from './types';

let cleanup: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

describe.each<TransportProtocol>(['udp', 'tcp', 'tls', 'ws', 'wss'])('%s transport', (protocol) => {
  it('carries a call with a body both ways and answers on the same connection', async () => {
    const { stacks, close } = await startStacks(2, protocol);
    cleanup = close;
    const [a, b] = stacks as [SipStack, SipStack];
    expect(b.addresses()[0]).toMatchObject({ protocol, host: '127.0.0.1' });
    const bodies: string[] = [];
    b.onRequest((incoming) => {
      bodies.push(incoming.request.body.toString());
      const [via] = getVias(incoming.request);
      expect(via?.transport).toBe(protocol.toUpperCase());
      incoming.reply(200, 'OK', { 'Content-Type': 'text/plain' }, `echo:${incoming.request.body.toString()}`);
    });
    const request = a.createRequest({
      protocol,
      method: 'INVITE',
      uri: uriOf(b),
      from: uriOf(a, 'alice'),
      to: uriOf(b),
      body: 'x'.repeat(3000),
      contentType: 'text/plain',
    });
    const call = a.sendRequest(request);
    const ok = await call.response;
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toBe(`echo:${'x'.repeat(3000)}`);
    expect(bodies).toEqual(['x'.repeat(3000)]);
    const bye = await a.dialogs.send(call.dialog()!, 'BYE').response;
    expect(bye.status).toBe(200);
  });
});
