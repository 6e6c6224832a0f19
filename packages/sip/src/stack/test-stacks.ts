import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMessage } from '../parser/parse-message';
import type { SipMessage } from '../parser/types';
import type { TransportProtocol } from '../transport/types';
import { createSipStack } from './create-sip-stack';
import type { SipStackOptions } from './options';
import type { SipStack } from './types';

/** Stacks bound to 127.0.0.1 on free ports, closed by the returned cleanup. */
export async function startStacks(
  count: number,
  protocol: TransportProtocol = 'udp',
  extra: Partial<SipStackOptions> = {},
) {
  const tls =
    protocol === 'tls' || protocol === 'wss'
      ? { ...testCertificate(), rejectUnauthorized: false }
      : undefined;
  const stacks: SipStack[] = [];
  for (let i = 0; i < count; i++) {
    stacks.push(
      await createSipStack({ transports: [{ protocol, host: '127.0.0.1', port: 0, tls }], ...extra }),
    );
  }
  return { stacks, close: () => Promise.all(stacks.map((s) => s.close())) };
}

export const uriOf = (stack: SipStack, user = 'bob'): string =>
  stack.contact().replace('sip:', `sip:${user}@`);

let cached: { key: string; cert: string } | undefined;

/** A throwaway self-signed certificate made with the openssl CLI; the key never leaves the temp dir run. */
export function testCertificate(): { key: string; cert: string } {
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), 'iris-sip-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    cached = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
    return cached;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bare UDP socket for sending hand-written (or broken) datagrams and reading what comes back. */
export async function rawUdpPeer() {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const queue: Buffer[] = [];
  const waiters: Array<(b: Buffer) => void> = [];
  socket.on('message', (data) => {
    const waiter = waiters.shift();
    if (waiter) waiter(data);
    else queue.push(data);
  });
  return {
    port: socket.address().port,
    send: (data: string | Buffer, port: number) =>
      new Promise<void>((resolve) => socket.send(data, port, '127.0.0.1', () => resolve())),
    next: (): Promise<SipMessage> => {
      const ready = queue.shift();
      if (ready) return Promise.resolve(parseMessage(ready, { mode: 'lenient' }));
      return new Promise((resolve) => waiters.push((b) => resolve(parseMessage(b, { mode: 'lenient' }))));
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
