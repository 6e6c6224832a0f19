import { createSipStack, type SipStack } from '@iris/sip';
import type { AppContext } from '../app-context';
import type { Config } from '../config';
import { newId } from '../platform/db/ids';
import type { Logger } from '../platform/logging/logger';
import { createVoiceCalls, type VoiceCalls } from './calls/voice-calls';
import { startVoiceNodeHeartbeat, type VoiceNodeHeartbeat } from './nodes/voice-node-heartbeat';
import type { MediaControl } from './rtpengine/index.js';
import {
  createTrunkRegistrarClient,
  type TrunkRegistrarClient,
} from './trunks-registration/trunk-registrar-client';
import { startVoiceMedia } from './voice-role-media';
import { pickSharedFreePort } from './voice-role-port';
import { answerRequest } from './voice-role-requests';

export type VoiceRole = {
  sip: SipStack;
  /** null: no rtpengine could be found, the role runs signaling only. */
  media: MediaControl | null;
  /** Call handling; absent when the role runs without an app context (SIP-level tests). */
  calls?: VoiceCalls;
  /** This node's id in voice_nodes (and calls.node_id). */
  nodeId: string;
  /** Liveness in the database and the reaper of lost nodes' calls (with an app context). */
  heartbeat?: VoiceNodeHeartbeat;
  /** REGISTERs of the trunks with registration enabled that this node holds (with an app context). */
  trunkRegistrations?: TrunkRegistrarClient;
  stop(): Promise<void>;
};

/** Another process can take a port picked for SIP_PORT=0 before we bind it. */
const BIND_ATTEMPTS = 3;

async function listen(config: Config, logger: Logger): Promise<SipStack> {
  const { sipHost, sipPort } = config.voice;
  let lastError: unknown;
  for (let attempt = 1; attempt <= (sipPort === 0 ? BIND_ATTEMPTS : 1); attempt += 1) {
    const port = sipPort === 0 ? await pickSharedFreePort(sipHost) : sipPort;
    try {
      return await createSipStack({
        transports: [
          { protocol: 'udp', host: sipHost, port },
          { protocol: 'tcp', host: sipHost, port },
        ],
        logger: logger.child({ module: 'sip' }),
        userAgent: 'IRIS',
      });
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * The voice role: a SIP listener on UDP and TCP at SIP_HOST:SIP_PORT (nowhere else) and the media
 * engine. With an app context it carries calls (calls/voice-calls.ts); inbound INVITEs are still
 * refused with 480 (see voice-role-requests.ts).
 */
export async function startVoiceRole(options: {
  config: Config;
  logger: Logger;
  ctx?: AppContext;
}): Promise<VoiceRole> {
  const { config } = options;
  const logger = options.logger.child({ role: 'voice' });
  const sip = await listen(config, logger);
  let calls: VoiceCalls | undefined;
  // In-dialog requests of live calls go to call handling; everything else gets the role's answers.
  sip.onRequest((incoming) => {
    if (calls?.handleRequest(incoming)) return;
    answerRequest(incoming);
  });
  let media: MediaControl | null;
  try {
    media = await startVoiceMedia({
      voice: config.voice,
      dataDir: config.dataDir,
      logger: logger.child({ module: 'rtpengine' }),
    });
  } catch (error) {
    await sip.close();
    throw error;
  }
  const nodeId = newId('vnode');
  let heartbeat: VoiceNodeHeartbeat | undefined;
  let trunkRegistrations: TrunkRegistrarClient | undefined;
  if (options.ctx) {
    calls = await createVoiceCalls({ ctx: options.ctx, sip, media, logger, nodeId });
    // The place-call job runs in this process; it finds the calls here (see modules/calls/place-call.job.ts).
    options.ctx.voiceCalls = calls;
    heartbeat = startVoiceNodeHeartbeat({ ctx: options.ctx, nodeId, calls, logger });
    await heartbeat.beat(); // listed in the cluster (and reaping) from the start
    trunkRegistrations = createTrunkRegistrarClient({ ctx: options.ctx, sip, nodeId, logger });
    void trunkRegistrations.tick();
  }
  logger.info({ sip: sip.addresses(), media: media?.mode ?? 'none' }, 'voice role started');

  let stopping: Promise<void> | undefined;
  return {
    sip,
    media,
    calls,
    nodeId,
    heartbeat,
    trunkRegistrations,
    stop() {
      stopping ??= (async () => {
        if (options.ctx && calls && options.ctx.voiceCalls === calls) options.ctx.voiceCalls = undefined;
        await trunkRegistrations?.stop(); // un-REGISTERs while the SIP stack is still up
        await calls?.stop();
        await heartbeat?.stop({ forget: true });
        await Promise.all([sip.close(), media?.stop()]);
      })();
      return stopping;
    },
  };
}
