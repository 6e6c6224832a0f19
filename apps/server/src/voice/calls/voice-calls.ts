import { join } from 'node:path';
import { getCallId, type IncomingRequest, type SipStack } from '@iris/sip';
import type { AppContext } from '../../app-context';
import { CALL_CONTROL_SUBJECT, type CallControl } from '../../modules/calls/create-call.schema';
import type { Logger } from '../../platform/logging/logger';
import { createAudioCache } from '../audio/audio-cache';
import { createRegistrar } from '../registrar/handle-register';
import type { DtmfEvent, MediaControl } from '../rtpengine/index.js';
import { formatNgHost } from '../rtpengine/ng-hosts.js';
import { validateVerbs } from '../verbs/parse-verbs';
import { answerInboundCall } from './answer-inbound-call';
import { hangupLive } from './hangup-live';
import { openMediaSink } from './media-sink';
import { placeOutboundCall } from './place-outbound-call';
import { createStatusCallbacks } from './status-callbacks';
import type { VoiceEngine } from './voice-engine';

/** Call handling on a voice node: what the place-call job and the SIP listener hand calls to. */
export type VoiceCalls = {
  /** This voice node's id in the cluster (voice_nodes). */
  nodeId: string;
  /** Places a queued outbound call; resolves once it is initiated (or found not to be queued). */
  place(callId: string): Promise<void>;
  /** Takes new INVITEs (inbound calls) and in-dialog requests of calls this node carries; false for anything else. */
  handleRequest(incoming: IncomingRequest): boolean;
  activeCalls(): number;
  /** This node's SIP addresses, media engine and rtpengine hosts' health (each pinged now). */
  status(): Promise<VoiceNodeStatus>;
  stop(): Promise<void>;
};

export type VoiceNodeStatus = {
  sip: { protocol: string; host: string; port: number }[];
  media: {
    mode: 'local' | 'external' | 'none';
    hosts: { host: string; ok: boolean; latencyMs: number | null }[];
  };
  activeCalls: number;
};

export async function createVoiceCalls(options: {
  ctx: AppContext;
  sip: SipStack;
  media: MediaControl | null;
  logger: Logger;
  /** This node's id, written on the calls it carries (the reaper of lost nodes reads it). */
  nodeId: string;
}): Promise<VoiceCalls> {
  const sink = await openMediaSink(options.ctx.config.voice.sipHost);
  const engine: VoiceEngine = {
    ctx: options.ctx,
    nodeId: options.nodeId,
    sip: options.sip,
    media: options.media,
    sink,
    audio: createAudioCache({
      dir: join(options.ctx.config.dataDir, 'voice-audio'),
      allowPrivate: options.ctx.config.webhooks.allowPrivate,
    }),
    logger: options.logger.child({ module: 'calls' }),
    callbacks: createStatusCallbacks(options.ctx, options.logger),
    live: new Map(),
    bySipCallId: new Map(),
  };
  const registrar = createRegistrar({
    db: options.ctx.db,
    secret: options.ctx.accessTokenKey,
    logger: engine.logger.child({ module: 'registrar' }),
  });
  // Hang-ups and redirects from any API node reach the node carrying the call over the bus.
  const control = options.ctx.bus.subscribe(CALL_CONTROL_SUBJECT, (message) => {
    const command = message.data as CallControl;
    const live = engine.live.get(command.callId);
    if (!live) return;
    if (command.action === 'hangup') void hangupLive(engine, live, 'api');
    else
      live.redirect = command.verbs
        ? { verbs: validateVerbs(command.verbs) }
        : { url: command.url!, method: command.method ?? 'POST' };
  });
  // rtpengine reports each digit with the SIP Call-ID; digits from our own (sink) side are ignored.
  const onDigit = (event: DtmfEvent) => {
    const live = engine.bySipCallId.get(event.callId);
    if (!live || event.digit === null || event.sourceTag === live.ourTag) return;
    live.digits.push(event.digit);
    live.digitWaiter?.();
  };
  options.media?.dtmf.on('dtmf', onDigit);
  return {
    nodeId: options.nodeId,
    place: (callId) => placeOutboundCall(engine, callId),
    handleRequest(incoming) {
      if (incoming.request.method === 'REGISTER') {
        void registrar.handle(incoming).catch((error) => {
          engine.logger.error({ err: error }, 'REGISTER failed');
          incoming.reply(500, 'Server Internal Error');
        });
        return true;
      }
      if (incoming.request.method === 'INVITE' && !incoming.dialog) {
        void answerInboundCall(engine, incoming).catch((error) => {
          engine.logger.error({ err: error }, 'inbound INVITE failed');
        });
        return true;
      }
      const live = engine.bySipCallId.get(getCallId(incoming.request) ?? '');
      if (!live || !incoming.dialog) return false;
      if (incoming.request.method === 'BYE') {
        incoming.reply(200);
        void hangupLive(engine, live, 'remote');
        return true;
      }
      // A re-INVITE would need a new offer/answer through rtpengine, which we do not do yet.
      if (incoming.request.method === 'INVITE') incoming.reply(488, 'Not Acceptable Here');
      else incoming.reply(200); // INFO, UPDATE without SDP, OPTIONS: keep-alives

      return true;
    },
    activeCalls: () => engine.live.size,
    async status() {
      const media = options.media;
      const hosts = await Promise.all(
        (media?.ng.hosts ?? []).map(async (host) => {
          const started = Date.now();
          const ok = await media!.ng.ping(host).then(
            () => true,
            () => false,
          );
          return { host: formatNgHost(host), ok, latencyMs: ok ? Date.now() - started : null };
        }),
      );
      return {
        sip: engine.sip.addresses().map((a) => ({ protocol: a.protocol, host: a.host, port: a.port })),
        media: { mode: media?.mode ?? 'none', hosts },
        activeCalls: engine.live.size,
      };
    },
    async stop() {
      control.unsubscribe();
      options.media?.dtmf.off('dtmf', onDigit);
      await Promise.all([...engine.live.values()].map((live) => hangupLive(engine, live, 'iris')));
      await engine.callbacks.drain();
      await sink.close();
    },
  };
}
