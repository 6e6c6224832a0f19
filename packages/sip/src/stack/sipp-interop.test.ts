import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSipStack } from './create-sip-stack';
import type { SipStack } from './types';

const hasSipp = spawnSync('sipp', ['-v'], { stdio: 'ignore' }).error === undefined;

/** A free UDP port on 127.0.0.1 for sipp (bound then released, so only briefly racy). */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

const SDP_ANSWER =
  'v=0\r\no=iris 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

describe('interop with sipp', () => {
  let stack: SipStack;
  let dir: string;
  const seen: string[] = [];

  beforeAll(async () => {
    // `npm test` installs sipp (sip-tester) as root; without it this suite must fail, not vanish.
    if (!hasSipp)
      throw new Error('sipp is not installed: run `npm test` as root, or apt-get install sip-tester');
    dir = mkdtempSync(join(tmpdir(), 'iris-sipp-'));
    stack = await createSipStack({
      transports: [
        { protocol: 'udp', host: '127.0.0.1', port: 0 },
        { protocol: 'tcp', host: '127.0.0.1', port: 0 },
      ],
    });
    stack.onAck(() => seen.push('ACK'));
    stack.onRequest((incoming) => {
      seen.push(incoming.request.method);
      if (incoming.request.method === 'INVITE') {
        incoming.reply(200, 'OK', { 'Content-Type': 'application/sdp' }, SDP_ANSWER);
      } else incoming.reply(200);
    });
  });

  afterAll(async () => {
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['udp', 'tcp'] as const)(
    "sipp's built-in UAC completes INVITE / ACK / BYE against our UAS over %s",
    async (protocol) => {
      seen.length = 0;
      const port = stack.addresses().find((a) => a.protocol === protocol)?.port ?? 0;
      const [sippPort, mediaPort] = [await freeUdpPort(), await freeUdpPort()];
      const args = ['-sn', 'uac', '-m', '1', `127.0.0.1:${port}`, '-i', '127.0.0.1', '-p', String(sippPort)];
      args.push('-t', protocol === 'tcp' ? 't1' : 'u1');
      args.push('-mp', String(mediaPort), '-nostdin', '-timeout', '15s', '-timeout_error', '-trace_err');
      const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, stderr).toBe(0);
      expect(seen).toEqual(['INVITE', 'ACK', 'BYE']);
    },
    20_000,
  );

  it("our UAC completes a call against sipp's built-in UAS", async () => {
    const [sippPort, mediaPort] = [await freeUdpPort(), await freeUdpPort()];
    // sipp's built-in UAS, minus its final 4 s timewait, to keep the suite fast.
    const scenario = spawnSync('sipp', ['-sd', 'uas'], { encoding: 'utf8' }).stdout.replace(
      /<timewait[^>]*>/,
      '',
    );
    writeFileSync(join(dir, 'uas.xml'), scenario);
    const args = [
      '-sf',
      'uas.xml',
      '-m',
      '1',
      '-i',
      '127.0.0.1',
      '-p',
      String(sippPort),
      '-mp',
      String(mediaPort),
    ];
    args.push('-nostdin', '-timeout', '15s', '-timeout_error');
    const child = spawn('sipp', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const target = `sip:service@127.0.0.1:${sippPort}`;
    const invite = () =>
      stack.createRequest({
        method: 'INVITE',
        uri: target,
        from: 'sip:iris@127.0.0.1',
        to: target,
        body: SDP_ANSWER,
        contentType: 'application/sdp',
      });
    // If sipp is still binding, Timer A's retransmissions cover the gap.
    const call = stack.sendRequest(invite());
    expect((await call.response).status).toBe(200);
    const bye = await stack.dialogs.send(call.dialog()!, 'BYE').response;
    expect(bye.status).toBe(200);
    expect(await exited).toBe(0);
  }, 20_000);
});
