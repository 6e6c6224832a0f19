import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DtmfEvent, LocalMediaControl } from '../../apps/server/src/voice/rtpengine/index.js';
import type { CallRecord } from './harness/call-record';
import { type Harness, type HarnessOptions, startHarness } from './harness/harness';
import { startMediaEngine } from './harness/media-engine';
import { ProcessGroup, stopProcess } from './harness/processes';
import { startSipp, writeBuiltinUas } from './harness/sipp';
import { waitForEvent } from './harness/wait-for-event';

// sipp UAC → harness (B2BUA on @iris/sip, media through a real rtpengine) → sipp UAS, on loopback.
const group = new ProcessGroup();
let dir: string;
let engine: LocalMediaControl;
let harness: Harness | undefined;
let runs = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iris-e2e-sipp-'));
  const portMin = 20_000 + 2 * Math.floor(Math.random() * 4_000);
  engine = await startMediaEngine({ dataDir: join(dir, 'rtpengine'), portMin, portMax: portMin + 200 });
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

afterAll(async () => {
  await group.stopAll();
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder per sipp run, for its error log. */
function runDir(name: string): string {
  runs += 1;
  const path = join(dir, `${runs}-${name}`);
  mkdirSync(path);
  return path;
}

async function call(options: {
  uac: string;
  uas: string;
  uacArgs?: string[];
  harness?: Partial<HarnessOptions>;
}) {
  const uasDir = runDir('uas');
  const uasScenario = options.uas === 'uas' ? writeBuiltinUas(uasDir) : options.uas;
  const uas = await startSipp(group, { scenario: uasScenario, dir: uasDir });
  harness = await startHarness({
    ng: engine.ng,
    forwardTo: { host: '127.0.0.1', port: uas.port },
    ...options.harness,
  });
  const ended = waitForEvent<CallRecord>(harness.events, 'ended', () => true, 30_000);
  const uac = await startSipp(group, {
    scenario: options.uac,
    dir: runDir('uac'),
    remote: `127.0.0.1:${harness.port}`,
    service: 'bob',
    extraArgs: options.uacArgs,
  });
  return { uas, uac, harness, ended };
}

describe('sipp through the harness', () => {
  it('completes INVITE / 180 / 200 / ACK / BYE between sipp UAC and UAS', async () => {
    const { uac, uas, harness, ended } = await call({ uac: 'uac', uas: 'uas' });
    await Promise.all([uac.succeeded(), uas.succeeded()]);
    const record = await ended;
    expect(record).toMatchObject({ state: 'ended', finalStatus: 200, endedBy: 'a' });
    expect(record.target).toBe(`sip:bob@127.0.0.1:${uas.port}`);
    expect(harness.calls).toHaveLength(1);
  });

  it('propagates a CANCEL during ringing: 487 to the caller, CANCEL to the callee', async () => {
    const { uac, uas, harness } = await call({ uac: 'uac-cancel.xml', uas: 'uas-cancel.xml' });
    const failed = waitForEvent<CallRecord>(harness.events, 'failed', () => true, 30_000);
    // uas-cancel.xml only succeeds if it received the CANCEL and its 487 was ACKed.
    await Promise.all([uac.succeeded(), uas.succeeded()]);
    expect(await failed).toMatchObject({ state: 'cancelled', finalStatus: 487 });
  });

  it('relays a hold re-INVITE (a=sendonly) and answers a=recvonly through rtpengine', async () => {
    const { uac, uas, ended } = await call({ uac: 'uac-hold.xml', uas: 'uas-hold.xml' });
    await Promise.all([uac.succeeded(), uas.succeeded()]);
    const record = await ended;
    expect(record.reinvites).toHaveLength(1);
    expect(record.reinvites[0]?.from).toBe('a');
    expect(record.reinvites[0]?.answerSdp).toMatch(/^a=recvonly\r?$/m);
    // rtpengine's own address, not sipp's: the answer went through its answer path.
    expect(record.reinvites[0]?.answerSdp).toMatch(/^m=audio (\d+) /m);
  });

  it('challenges an INVITE with 401 and connects the call once sipp authenticates', async () => {
    const { uac, uas, harness, ended } = await call({
      uac: 'uac-auth.xml',
      uas: 'uas',
      uacArgs: ['-au', 'alice', '-ap', 'secret'],
      harness: { users: { alice: 'secret' }, authenticateInvites: true },
    });
    await Promise.all([uac.succeeded(), uas.succeeded()]);
    expect(await ended).toMatchObject({ state: 'ended', finalStatus: 200 });
    expect(harness.calls).toHaveLength(1);
  });

  it('refuses a wrong password with 403 and places no call', async () => {
    const { uac, uas, harness } = await call({
      uac: 'uac-auth-wrong.xml',
      uas: 'uas',
      uacArgs: ['-au', 'alice', '-ap', 'not-the-password'],
      harness: { users: { alice: 'secret' }, authenticateInvites: true },
    });
    await uac.succeeded();
    expect(harness.calls).toHaveLength(0);
    // The callee never saw an INVITE: it is still waiting for one.
    expect(uas.child.exitCode).toBeNull();
    await stopProcess(uas.child);
  });

  it('reports RFC 2833 DTMF played by sipp as rtpengine DTMF events', async () => {
    const digits: DtmfEvent[] = [];
    const collect = (event: DtmfEvent) => digits.push(event);
    engine.dtmf.on('dtmf', collect);
    try {
      const { uac, uas, ended } = await call({ uac: 'uac-dtmf.xml', uas: 'uas-media.xml' });
      await Promise.all([uac.succeeded(), uas.succeeded()]);
      const record = await ended;
      // rtpengine reports a digit when its end packets arrive, well before sipp's BYE.
      const ofCall = digits.filter((event) => event.callId === record.id);
      expect(ofCall.map((event) => event.digit)).toEqual(['1', '9', '#']);
      expect(ofCall.every((event) => event.sourceTag === record.aTag)).toBe(true);
    } finally {
      engine.dtmf.off('dtmf', collect);
    }
  });

  it('relays audio both ways through rtpengine (packet counts per leg)', async () => {
    const { uac, uas, ended } = await call({ uac: 'uac-media.xml', uas: 'uas-media.xml' });
    await Promise.all([uac.succeeded(), uas.succeeded()]);
    const record = await ended;
    const received = (tag: string | undefined) =>
      (record.media?.tags[tag ?? '']?.medias[0]?.streams ?? [])
        .filter((stream) => stream.flags.includes('RTP'))
        .reduce((sum, stream) => sum + stream.stats.packets, 0);
    // Packets rtpengine received from A (to relay to B) and from B (to relay to A).
    expect(received(record.aTag)).toBeGreaterThan(20);
    expect(received(record.bTag)).toBeGreaterThan(20);
    expect(record.media?.totals.rtp.packets).toBeGreaterThan(40);
  });
});
