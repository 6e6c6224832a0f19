import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DtmfEvent } from './dtmf-events.js';
import {
  isPcmu,
  isTelephoneEvent,
  openTestCall,
  startTestRtpengine,
  type TestRtpengine,
} from './fixtures/test-rtpengine.js';

// Against the real rtpengine: DTMF injection (play DTMF) and DTMF detection (--dtmf-log-dest).
describe('rtpengine DTMF (real daemon)', () => {
  let engine: TestRtpengine;

  beforeAll(async () => {
    engine = await startTestRtpengine();
  });
  afterAll(async () => {
    await engine?.close();
  });

  function nextDtmf(match: (event: DtmfEvent) => boolean, timeoutMs = 3_000): Promise<DtmfEvent> {
    return new Promise((resolve, reject) => {
      const onEvent = (event: DtmfEvent) => {
        if (!match(event)) return;
        clearTimeout(timer);
        engine.media.dtmf.off('dtmf', onEvent);
        resolve(event);
      };
      const timer = setTimeout(() => {
        engine.media.dtmf.off('dtmf', onEvent);
        reject(new Error(`no DTMF event within ${timeoutMs} ms`));
      }, timeoutMs);
      engine.media.dtmf.on('dtmf', onEvent);
    });
  }

  it('injects RFC 4733 telephone-events into a leg with play DTMF', async () => {
    const call = await openTestCall(engine.media.ng, { injectDtmf: true });
    try {
      // Injection rides on the sender's RTP stream, so A must have sent audio first.
      await call.a.sendPcmu(call.portForA);
      await call.b.waitFor(isPcmu);
      await engine.media.ng.playDtmf({ callId: call.callId, fromTag: 'tag-a', digit: '5', durationMs: 100 });

      const pending = call.b.waitFor((p) => isTelephoneEvent(p) && p.payload[0] === 5);
      await call.a.streamPcmuUntil(call.portForA, pending);
      const event = await pending;
      expect(event.payloadType).toBe(101);
      expect(event.payload[0]).toBe(5);
    } finally {
      await call.close();
    }
  });

  it('reports RFC 4733 digits sent by a leg as typed DTMF events', async () => {
    const call = await openTestCall(engine.media.ng);
    try {
      // rtpengine reports DTMF on a stream it has already seen audio on, as with a real phone.
      await call.a.sendPcmu(call.portForA);
      await call.b.waitFor(isPcmu);
      const reported = nextDtmf((event) => event.callId === call.callId);
      const steps = [
        { end: false, durationSamples: 160, first: true },
        { end: false, durationSamples: 320, first: false },
        { end: false, durationSamples: 480, first: false },
        { end: true, durationSamples: 640, first: false },
        { end: true, durationSamples: 640, first: false },
        { end: true, durationSamples: 640, first: false },
      ];
      for (const step of steps) await call.a.sendDtmfEvent(call.portForA, { code: 11, ...step });

      const event = await reported;
      expect(event).toMatchObject({
        callId: call.callId,
        sourceTag: 'tag-a',
        digit: '#',
        event: 11,
        durationMs: 80,
        volume: 10,
        sourceIp: '127.0.0.1',
      });
      expect(event.tags.sort()).toEqual(['tag-a', 'tag-b']);
      expect(event.timestamp).toBeGreaterThan(1_600_000_000);
      // The events are relayed to the other leg as well.
      await call.b.waitFor((p) => isTelephoneEvent(p) && p.payload[0] === 11);
    } finally {
      await call.close();
    }
  });

  it('iterates DTMF events as an async iterator', async () => {
    const call = await openTestCall(engine.media.ng);
    const abort = new AbortController();
    try {
      await call.b.sendPcmu(call.portForB);
      await call.a.waitFor(isPcmu);
      const iterator = engine.media.dtmf.events(abort.signal);
      const first = iterator.next();
      await call.b.sendDtmfEvent(call.portForB, { code: 3, end: true, durationSamples: 800, first: true });
      const { value } = await first;
      expect(value).toMatchObject({ callId: call.callId, sourceTag: 'tag-b', digit: '3' });
      abort.abort();
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
    } finally {
      await call.close();
    }
  });
});
