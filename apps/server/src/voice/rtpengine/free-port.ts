import { createSocket } from 'node:dgram';

/**
 * A UDP port the OS considers free right now. Another process may take it before
 * we use it, so callers that pass it on (to rtpengine) retry on a bind failure.
 */
export async function pickFreeUdpPort(address: string): Promise<number> {
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, address, () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}
