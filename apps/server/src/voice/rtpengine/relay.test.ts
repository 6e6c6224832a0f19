import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionAddress } from './fixtures/sdp.js';
import {
  isPcmu,
  isTelephoneEvent,
  openTestCall,
  startTestRtpengine,
  type TestRtpengine,
} from './fixtures/test-rtpengine.js';
import { RtpengineError } from './rtpengine-error.js';

// Against the real rtpengine: plain RTP relay, stats, blocking, silencing, recording.
describe('rtpengine relay (real daemon)', () => {
  let engine: TestRtpengine;

  beforeAll(async () => {
    engine = await startTestRtpengine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('answers ping and reports statistics', async () => {
    await engine.media.ng.ping();
    const stats = await engine.media.ng.statistics();
    expect(stats.total.uptimeSec).toBeGreaterThanOrEqual(0);
    expect(stats.current.totalSessions).toBeGreaterThanOrEqual(0);
  });

  it('rewrites both SDPs to its own loopback ports', async () => {
    const call = await openTestCall(engine.media.ng);
    try {
      expect(connectionAddress(call.offerSdp)).toBe('127.0.0.1');
      expect(connectionAddress(call.answerSdp)).toBe('127.0.0.1');
      expect(call.portForA).not.toBe(call.a.port);
      expect(call.portForB).not.toBe(call.b.port);
      expect(await engine.media.ng.list()).toContain(call.callId);
    } finally {
      await call.close();
    }
  });

  it('relays RTP both ways and counts it in query', async () => {
    const call = await openTestCall(engine.media.ng);
    try {
      const packets = 25;
      for (let i = 0; i < packets; i += 1) {
        await call.a.sendPcmu(call.portForA);
        await call.b.sendPcmu(call.portForB);
      }
      await call.b.waitForCount(packets, isPcmu);
      await call.a.waitForCount(packets, isPcmu);
      expect(call.b.count(isPcmu)).toBe(packets);
      expect(call.a.count(isPcmu)).toBe(packets);

      const query = await engine.media.ng.query({ callId: call.callId });
      expect(Object.keys(query.tags).sort()).toEqual(['tag-a', 'tag-b']);
      expect(query.totals.rtp.packets).toBe(2 * packets);
      const fromA = query.tags['tag-a']?.medias[0]?.streams.find((s) => s.flags.includes('RTP'));
      expect(fromA?.stats.packets).toBe(packets);
      expect(fromA?.endpoint).toEqual({ address: '127.0.0.1', port: call.a.port });
      expect(fromA?.localPort).toBe(call.portForA);

      const deleted = await engine.media.ng.delete({ callId: call.callId, fromTag: 'tag-a' });
      expect(deleted.totals?.rtp.packets).toBe(2 * packets);
    } finally {
      await call.close();
    }
  });

  it('blocks and unblocks media of one participant', async () => {
    const call = await openTestCall(engine.media.ng);
    try {
      await call.a.sendPcmu(call.portForA);
      await call.b.waitFor(isPcmu);
      await engine.media.ng.blockMedia({ callId: call.callId, fromTag: 'tag-a' });

      const before = call.b.count(isPcmu);
      for (let i = 0; i < 10; i += 1) await call.a.sendPcmu(call.portForA);
      // DTMF still passes a media block, and A's packets leave in order, so once
      // this event arrives any audio relayed before it would have arrived too.
      await call.a.sendDtmfEvent(call.portForA, { code: 1, end: true, durationSamples: 800, first: true });
      await call.b.waitFor(isTelephoneEvent);
      expect(call.b.count(isPcmu)).toBe(before);

      await engine.media.ng.unblockMedia({ callId: call.callId, fromTag: 'tag-a' });
      await call.a.sendPcmu(call.portForA);
      await call.b.waitForNext(isPcmu);
      expect(call.b.count(isPcmu)).toBe(before + 1);
    } finally {
      await call.close();
    }
  });

  it('silences and unsilences media of one participant', async () => {
    const call = await openTestCall(engine.media.ng);
    try {
      await engine.media.ng.silenceMedia({ callId: call.callId, fromTag: 'tag-a' });
      await call.a.sendPcmu(call.portForA, 0x23);
      const silenced = await call.b.waitForNext(isPcmu);
      // PCMU silence is 0xff (or 0x7f): nothing of the 0x23 we sent survives.
      expect(silenced.payload.every((byte) => byte === 0xff || byte === 0x7f)).toBe(true);

      await engine.media.ng.unsilenceMedia({ callId: call.callId, fromTag: 'tag-a' });
      await call.a.sendPcmu(call.portForA, 0x23);
      const audible = await call.b.waitForNext(isPcmu);
      expect(audible.payload.every((byte) => byte === 0x23)).toBe(true);
    } finally {
      await call.close();
    }
  });

  it('records the call to a pcap file', async () => {
    const call = await openTestCall(engine.media.ng);
    try {
      await engine.media.ng.startRecording({ callId: call.callId, metadata: 'iris-test' });
      for (let i = 0; i < 5; i += 1) await call.a.sendPcmu(call.portForA);
      await call.b.waitForCount(5, isPcmu);
      await engine.media.ng.stopRecording({ callId: call.callId });
      await engine.media.ng.delete({ callId: call.callId, deleteDelaySec: 0 });

      const pcapDir = join(engine.media.recordingDir, 'pcaps');
      const files = (await readdir(pcapDir)).filter((name) => name.includes(call.callId));
      expect(files.length).toBeGreaterThan(0);
      const pcap = await readFile(join(pcapDir, files[0] as string));
      // pcap magic number, either byte order
      expect([0xa1b2c3d4, 0xd4c3b2a1]).toContain(pcap.readUInt32LE(0));
      expect(pcap.length).toBeGreaterThan(24 + 5 * 172);
    } finally {
      await call.close();
    }
  });

  it('rejects commands for an unknown call with a typed error', async () => {
    const error = await engine.media.ng.query({ callId: 'no-such-call' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RtpengineError);
    expect(error).toMatchObject({ code: 'rejected', command: 'query', reason: 'Unknown call-id' });
  });
});
