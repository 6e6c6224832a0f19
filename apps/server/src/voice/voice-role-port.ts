import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * A port free for both UDP and TCP on `host` right now. SIP_PORT=0 asks for "any port", but the role
 * must serve UDP and TCP on one port (a peer told `host:port` may use either), so one port is picked
 * for both; the caller retries if another process takes it before the stack binds.
 */
export async function pickSharedFreePort(host: string): Promise<number> {
  const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(0, host, () => resolve());
  });
  const { port } = udp.address();
  const tcp = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(port, host, () => resolve());
    });
    return port;
  } finally {
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcp.listening) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }
}
