import { readVoiceSettings } from '../../modules/voice-settings/voice-settings';
import { callbackSecrets } from '../../modules/webhooks/callback-secret';
import { createRtpPacketizer } from '../audio/rtp-packetizer';
import type { CallAudio, CallContext } from '../verbs/call-context';
import { dialTargets } from './dial-legs';
import { fetchVerbs } from './fetch-verbs';
import { hangupLive } from './hangup-live';
import type { LiveCall } from './live-call';
import { recordAudio } from './record-audio';
import type { VoiceEngine } from './voice-engine';

/** The thin per-call context verb handlers run against (see verbs/call-context.ts). */
export function buildCallContext(engine: VoiceEngine, live: LiveCall, status: () => string): CallContext {
  const { signal } = live.abort;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done);
    });
  const packetizer = createRtpPacketizer();
  const audio: CallAudio = {
    onFrame(listener) {
      const port = live.mediaPort;
      if (!port) return () => {};
      return engine.sink.listen(port, (payloadType, payload) => {
        if (payloadType === 0 || payloadType === 8) listener(payloadType, payload);
      });
    },
    sendFrame(payloadType, payload, samples) {
      if (live.mediaPort && !signal.aborted)
        engine.sink.send(live.mediaPort, packetizer.packet(payloadType, payload, samples));
    },
  };
  return {
    callId: live.id,
    tenantId: live.tenantId,
    from: live.from,
    to: live.to,
    logger: engine.logger.child({ callId: live.id }),
    signal,
    wait,
    async playFile(path) {
      if (!engine.media || !live.remoteTag) return;
      const played = await engine.media.ng.playMedia({
        callId: live.sipCallId,
        fromTag: live.remoteTag,
        file: path,
      });
      await wait(played.durationMs ?? 0);
    },
    synthesize: (text, voice) => engine.audio.synthesize(text, voice),
    fetchAudio: (url) => engine.audio.fetchAudio(url),
    async fetchVerbs(url, method, extra = {}) {
      const secrets = await callbackSecrets(engine.ctx, live.tenantId);
      const settings = await readVoiceSettings(engine.ctx.tenantSettings, live.tenantId);
      return fetchVerbs({
        url,
        method,
        secrets,
        twilioSignature: settings.twilioSignature,
        allowPrivate: engine.ctx.config.webhooks.allowPrivate,
        params: {
          CallSid: live.id,
          AccountSid: live.tenantId,
          From: live.from,
          To: live.to,
          CallStatus: status(),
          Direction: live.direction,
          ApiVersion: '2010-04-01',
          ...extra,
        },
      });
    },
    beep: () => engine.audio.beep(),
    record(options) {
      return recordAudio(engine, live, { ...options, nextDigit: (ms) => this.nextDigit(ms) });
    },
    async nextDigit(timeoutMs) {
      if (live.digits.length === 0 && !signal.aborted) {
        await Promise.race([
          wait(timeoutMs),
          new Promise<void>((resolve) => {
            live.digitWaiter = resolve;
          }),
        ]);
        live.digitWaiter = undefined;
      }
      return live.digits.shift() ?? null;
    },
    async takeRedirect() {
      const redirect = live.redirect;
      live.redirect = undefined;
      if (!redirect) return undefined;
      return 'verbs' in redirect ? redirect.verbs : this.fetchVerbs(redirect.url, redirect.method);
    },
    hangup: (reason) => hangupLive(engine, live, 'iris', reason?.sipCode),
    audio: () => (engine.media && live.mediaPort ? audio : null),
    dial: (request) => dialTargets(engine, live, request),
  };
}
