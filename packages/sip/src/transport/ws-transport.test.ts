import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Transport } from './types';
import { createWsTransport, SIP_SUBPROTOCOL } from './ws-transport';

let transport: Transport | undefined;
afterEach(async () => {
  await transport?.close();
});

const connect = (port: number, protocols: string[]) =>
  new Promise<{ protocol: string; closeCode: number }>((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}`, protocols);
    socket.once('error', reject);
    socket.once('close', (code) => resolve({ protocol: socket.protocol, closeCode: code }));
    socket.once('open', () => {
      if (socket.protocol === SIP_SUBPROTOCOL) socket.close(1000);
    });
  });

describe('WebSocket transport (RFC 7118)', () => {
  it('negotiates the sip subprotocol and closes connections that did not offer it', async () => {
    transport = await createWsTransport({ protocol: 'ws', host: '127.0.0.1', port: 0 }, () => {});
    const { port } = transport.address();
    expect(await connect(port, ['sip'])).toEqual({ protocol: 'sip', closeCode: 1000 });
    expect(await connect(port, [])).toEqual({ protocol: '', closeCode: 1002 });
  });
});
