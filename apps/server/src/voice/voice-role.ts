import { createSipStack, type SipStack } from '@iris/sip';
import type { Config } from '../config';
import type { Logger } from '../platform/logging/logger';
import type { MediaControl } from './rtpengine/index.js';
import { startVoiceMedia } from './voice-role-media';
import { pickSharedFreePort } from './voice-role-port';
import { answerRequest } from './voice-role-requests';

export type VoiceRole = {
  sip: SipStack;
  /** null: no rtpengine could be found, the role runs signaling only. */
  media: MediaControl | null;
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
 * engine. Calls are not handled yet: INVITEs are refused with 480 (see voice-role-requests.ts).
 */
export async function startVoiceRole(options: { config: Config; logger: Logger }): Promise<VoiceRole> {
  const { config } = options;
  const logger = options.logger.child({ role: 'voice' });
  const sip = await listen(config, logger);
  sip.onRequest(answerRequest);
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
  logger.info({ sip: sip.addresses(), media: media?.mode ?? 'none' }, 'voice role started');

  let stopping: Promise<void> | undefined;
  return {
    sip,
    media,
    stop() {
      stopping ??= Promise.all([sip.close(), media?.stop()]).then(() => undefined);
      return stopping;
    },
  };
}
