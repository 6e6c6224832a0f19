import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createStreamFramer,
  getHeader,
  getHeaders,
  parseMessage,
  type SipMessage,
  type SipResponse,
} from '@iris/sip';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { startIris } from '../main';
import { boundSocketsOf } from './rtpengine/fixtures/sockets-of.js';
import { startTestRtpengine } from './rtpengine/fixtures/test-rtpengine.js';
import type { LocalMediaControl } from './rtpengine/index.js';
import { startVoiceRole, type VoiceRole } from './voice-role';

const dataDir = mkdtempSync(join(tmpdir(), 'iris-voice-role-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let role: VoiceRole | undefined;
afterEach(async () => {
  await role?.stop();
  role = undefined;
});

/** A logger whose lines the test can read (the role's warnings are part of its contract). */
function capturingLogger() {
  const lines: Array<{ level: number; msg: string; reason?: string }> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function start(env: Record<string, string> = {}) {
  const portMin = 30_000 + 2 * Math.floor(Math.random() * 10_000);
  const config = loadConfig({
    IRIS_DATA_DIR: dataDir,
    IRIS_ROLES: 'voice',
    SIP_HOST: '127.0.0.1',
    SIP_PORT: '0',
    RTP_PORT_MIN: String(portMin),
    RTP_PORT_MAX: String(portMin + 100),
    ...env,
  });
  const { logger, lines } = capturingLogger();
  role = await startVoiceRole({ config, logger });
  const [udp] = role.sip.addresses();
  return { role, port: udp?.port ?? 0, lines };
}

const request = (method: string, transport: 'UDP' | 'TCP', localPort: number) =>
  [
    `${method} sip:iris@127.0.0.1 SIP/2.0`,
    `Via: SIP/2.0/${transport} 127.0.0.1:${localPort};branch=z9hG4bK${randomBytes(6).toString('hex')};rport`,
    'Max-Forwards: 70',
    'From: <sip:probe@127.0.0.1>;tag=probe',
    'To: <sip:iris@127.0.0.1>',
    `Call-ID: ${randomBytes(8).toString('hex')}@probe`,
    `CSeq: 1 ${method}`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');

/** A UDP peer that sends raw datagrams and reads the answers, each wait bounded. */
async function udpPeer() {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const received: SipMessage[] = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    received.push(parseMessage(data, { mode: 'lenient' }));
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    port: socket.address().port,
    send: (data: string, port: number) =>
      new Promise<void>((resolve) => socket.send(data, port, '127.0.0.1', () => resolve())),
    async next(timeoutMs = 3_000): Promise<SipResponse> {
      const deadline = Date.now() + timeoutMs;
      while (received.length === 0) {
        if (Date.now() > deadline) throw new Error('no SIP response within the timeout');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.shift() as SipResponse;
    },
    pending: () => received.length,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

async function tcpExchange(port: number, build: (localPort: number) => string): Promise<SipResponse> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const framer = createStreamFramer();
  try {
    return await new Promise<SipResponse>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no SIP response over TCP')), 3_000);
      socket.on('data', (chunk) => {
        const [message] = framer.push(chunk).messages;
        if (!message) return;
        clearTimeout(timer);
        resolve(parseMessage(message) as SipResponse);
      });
      socket.write(build(socket.localPort ?? 0));
    });
  } finally {
    socket.destroy();
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('voice role', () => {
  it('answers OPTIONS with 200 and its capabilities over UDP and TCP', async () => {
    const { port } = await start();
    const peer = await udpPeer();
    try {
      await peer.send(request('OPTIONS', 'UDP', peer.port), port);
      const overUdp = await peer.next();
      expect(overUdp.status).toBe(200);
      // Allow is a list header: the parser hands back one entry per method.
      expect(getHeaders(overUdp, 'Allow')).toEqual(['INVITE', 'ACK', 'CANCEL', 'BYE', 'OPTIONS']);
      expect(getHeader(overUdp, 'Accept')).toBe('application/sdp');
    } finally {
      await peer.close();
    }
    const overTcp = await tcpExchange(port, (localPort) => request('OPTIONS', 'TCP', localPort));
    expect(overTcp.status).toBe(200);
    expect(getHeaders(overTcp, 'Allow')).toContain('OPTIONS');
  });

  it('refuses what it does not handle yet with final responses', async () => {
    const { port } = await start();
    const peer = await udpPeer();
    try {
      const answers: Record<string, number> = {};
      for (const method of ['INVITE', 'REGISTER', 'FROBNICATE']) {
        await peer.send(request(method, 'UDP', peer.port), port);
        let response = await peer.next();
        // An INVITE may get 100 Trying first; wait for its final answer.
        while (response.status < 200) response = await peer.next();
        answers[method] = response.status;
        if (method !== 'INVITE') expect(getHeaders(response, 'Allow')).toContain('INVITE');
      }
      expect(answers).toEqual({ INVITE: 480, REGISTER: 405, FROBNICATE: 501 });
    } finally {
      await peer.close();
    }
  });

  it('answers a malformed request 400, drops garbage, and keeps serving', async () => {
    const { port } = await start();
    const peer = await udpPeer();
    try {
      await peer.send('\x00\x01 definitely not SIP', port);
      const broken = request('OPTIONS', 'UDP', peer.port).replace('Max-Forwards: 70', 'Max-Forwards: 300');
      await peer.send(broken, port);
      const rejected = await peer.next();
      expect(rejected.status).toBe(400);
      await peer.send(request('OPTIONS', 'UDP', peer.port), port);
      expect((await peer.next()).status).toBe(200);
      expect(peer.pending()).toBe(0);
    } finally {
      await peer.close();
    }
    // On TCP an unframeable message costs the sender its connection, not the listener.
    const junk = connect({ host: '127.0.0.1', port });
    await once(junk, 'connect');
    junk.end('GARBAGE WITHOUT CONTENT-LENGTH\r\n\r\n');
    await once(junk, 'close');
    const afterJunk = await tcpExchange(port, (localPort) => request('OPTIONS', 'TCP', localPort));
    expect(afterJunk.status).toBe(200);
  });

  it('binds UDP and TCP on SIP_HOST:SIP_PORT only', async () => {
    const { role, port } = await start();
    expect(role.sip.addresses()).toEqual([
      { protocol: 'udp', host: '127.0.0.1', port },
      { protocol: 'tcp', host: '127.0.0.1', port },
    ]);
    const onSipPort = (await boundSocketsOf(process.pid)).filter((s) => s.port === port);
    expect(onSipPort.map((s) => `${s.protocol} ${s.address}`).sort()).toEqual([
      'tcp 127.0.0.1',
      'udp 127.0.0.1',
    ]);
  });

  it('starts a local rtpengine and stops it with the role', async () => {
    const { role } = await start();
    const media = role.media as LocalMediaControl;
    expect(media?.mode).toBe('local');
    await media.ng.ping();
    const pid = media.process.pid as number;
    expect(isAlive(pid)).toBe(true);
    await role.stop();
    expect(isAlive(pid)).toBe(false);
  });

  it('uses configured rtpengine hosts instead of starting one', async () => {
    const external = await startTestRtpengine();
    try {
      const { role } = await start({ RTPENGINE_HOSTS: `127.0.0.1:${external.media.ngHost.port}` });
      expect(role.media?.mode).toBe('external');
      await role.media?.ng.ping();
      await role.stop();
      // Stopping the role closes its client only: the external rtpengine keeps running.
      await external.media.ng.ping();
    } finally {
      await external.close();
    }
  });

  it('runs signaling only, with a loud warning, when the rtpengine binary is missing', async () => {
    const { role, port, lines } = await start({ RTPENGINE_BINARY: join(dataDir, 'no-such-rtpengine') });
    expect(role.media).toBeNull();
    const warning = lines.find((line) => line.level === 40 && line.msg.includes('SIGNALING ONLY'));
    expect(warning?.msg).toContain('apt-get install rtpengine-daemon');
    const options = await tcpExchange(port, (localPort) => request('OPTIONS', 'TCP', localPort));
    expect(options.status).toBe(200);
  });

  it('is started and stopped by startIris when the voice role is asked for', async () => {
    const irisDir = mkdtempSync(join(dataDir, 'iris-'));
    const { logger } = capturingLogger();
    const iris = await startIris({
      config: loadConfig({ IRIS_DATA_DIR: irisDir, IRIS_ROLES: 'voice', SIP_PORT: '0', LOG_LEVEL: 'silent' }),
      logger,
    });
    const voice = iris.voice as VoiceRole;
    const pid = (voice.media as LocalMediaControl).process.pid as number;
    try {
      const [udp] = voice.sip.addresses();
      const options = await tcpExchange(udp?.port ?? 0, (localPort) => request('OPTIONS', 'TCP', localPort));
      expect(options.status).toBe(200);
    } finally {
      await iris.stop();
    }
    expect(isAlive(pid)).toBe(false);
  });
});
