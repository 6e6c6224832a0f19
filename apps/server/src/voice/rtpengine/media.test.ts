import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtpPeer } from './fixtures/rtp-peer.js';
import { audioPort, plainOpusSdp, plainPcmuSdp } from './fixtures/sdp.js';
import { isPcmu, openTestCall, startTestRtpengine, type TestRtpengine } from './fixtures/test-rtpengine.js';
import { writeToneWav } from './fixtures/wav.js';

// Against the real rtpengine: prompt playback and WebRTC (ICE/DTLS-SRTP) SDP conversion.
describe('rtpengine media (real daemon)', () => {
  let engine: TestRtpengine;

  beforeAll(async () => {
    engine = await startTestRtpengine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('plays a WAV file toward a leg as PCMU RTP', async () => {
    const wav = join(engine.dataDir, 'tone.wav');
    await writeToneWav(wav, { seconds: 3, hz: 440 });
    const call = await openTestCall(engine.media.ng);
    try {
      const played = await engine.media.ng.playMedia({ callId: call.callId, fromTag: 'tag-a', file: wav });
      expect(played.durationMs).toBe(3000);

      // A 440 Hz tone is not PCMU silence (0xff/0x7f), so these packets come from the file.
      const isTone = (p: { payloadType: number; payload: Buffer }) =>
        isPcmu(p) && p.payload.some((byte) => byte !== 0xff && byte !== 0x7f);
      await call.a.waitForCount(10, isTone);
      expect(call.b.count(isPcmu)).toBe(0);

      const stopped = await engine.media.ng.stopMedia({ callId: call.callId, fromTag: 'tag-a' });
      expect(stopped.warning).toBeUndefined();
    } finally {
      await call.close();
    }
  });

  it('plays a short prompt sent inline as a blob', async () => {
    const wav = join(engine.dataDir, 'beep.wav');
    await writeToneWav(wav, { seconds: 0.2, hz: 1000 });
    const call = await openTestCall(engine.media.ng);
    try {
      const played = await engine.media.ng.playMedia({
        callId: call.callId,
        fromTag: 'tag-b',
        blob: await readFile(wav),
      });
      expect(played.durationMs).toBe(200);
      await call.b.waitForCount(5, isPcmu);
    } finally {
      await call.close();
    }
  });

  it('transcodes PCMU from one leg to opus for a leg that accepts only opus', async () => {
    const [carrier, browser] = await Promise.all([RtpPeer.open(), RtpPeer.open()]);
    const callId = `transcode-${Date.now()}`;
    try {
      const offer = await engine.media.ng.offer({
        callId,
        fromTag: 'carrier',
        sdp: plainPcmuSdp(carrier.port),
        codec: { transcode: ['opus'] },
      });
      expect(offer.sdp).toMatch(/^a=rtpmap:(\d+) opus\/48000\/2/m);
      const opusPt = Number(/^a=rtpmap:(\d+) opus\/48000\/2/m.exec(offer.sdp)?.[1]);
      const answer = await engine.media.ng.answer({
        callId,
        fromTag: 'carrier',
        toTag: 'browser',
        sdp: plainOpusSdp(browser.port, opusPt),
      });
      // The carrier still talks PCMU: the answer it gets keeps PCMU.
      expect(answer.sdp).toMatch(/^m=audio \d+ RTP\/AVP 0\b/m);

      const opus = browser.waitFor((p) => p.payloadType === opusPt);
      await carrier.streamPcmuUntil(audioPort(answer.sdp), opus);
      const packet = await opus;
      // An opus frame of 20 ms is far smaller than the 160 PCMU bytes that went in.
      expect(packet.payload.length).toBeGreaterThan(0);
      expect(packet.payload.length).toBeLessThan(160);
      expect(browser.count(isPcmu)).toBe(0);
    } finally {
      await engine.media.ng.delete({ callId, deleteDelaySec: 0 });
      await Promise.all([carrier.close(), browser.close()]);
    }
  });

  it('turns a plain RTP offer into a WebRTC offer with ICE and DTLS', async () => {
    const phone = await RtpPeer.open();
    const callId = `webrtc-${Date.now()}`;
    try {
      const offer = await engine.media.ng.offer({
        callId,
        fromTag: 'carrier',
        sdp: plainPcmuSdp(phone.port),
        ice: 'force',
        dtls: 'passive',
        transportProtocol: 'UDP/TLS/RTP/SAVPF',
        // Browsers want DTLS-SRTP only, with RTP and RTCP on one port.
        sdes: ['off'],
        rtcpMux: ['require'],
        codec: { transcode: ['opus'] },
      });
      expect(offer.sdp).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m);
      expect(offer.sdp).toMatch(/^a=ice-ufrag:\S+/m);
      expect(offer.sdp).toMatch(/^a=ice-pwd:\S+/m);
      expect(offer.sdp).toMatch(/^a=candidate:\S+ 1 UDP \d+ 127\.0\.0\.1 \d+ typ host/m);
      expect(offer.sdp).toMatch(/^a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$/m);
      // An offer proposes both DTLS roles; `passive` decides rtpengine's role when answering.
      expect(offer.sdp).toMatch(/^a=setup:actpass/m);
      expect(offer.sdp).toMatch(/^a=rtcp-mux/m);
      expect(offer.sdp).not.toMatch(/^a=crypto:/m);
      expect(offer.sdp).toMatch(/^a=rtpmap:\d+ opus\/48000\/2/m);
      expect(audioPort(offer.sdp)).toBeGreaterThan(0);

      const query = await engine.media.ng.query({ callId });
      const webrtcSide = Object.values(query.tags).find((tag) => tag.tag !== 'carrier');
      expect(webrtcSide?.medias[0]?.protocol).toBe('UDP/TLS/RTP/SAVPF');
    } finally {
      await engine.media.ng.delete({ callId, deleteDelaySec: 0 });
      await phone.close();
    }
  });
});
