import { join } from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../platform/logging/logger';
import { connectRtpengine, type MediaControl, startRtpengine } from './rtpengine/index.js';

/**
 * Media for the voice role: the configured rtpengine hosts, or a local rtpengine we supervise. A
 * missing binary is not fatal: the role then answers SIP without media (null), and says so loudly,
 * because every call it would carry would be silent.
 */
export async function startVoiceMedia(options: {
  voice: Config['voice'];
  dataDir: string;
  logger: Logger;
}): Promise<MediaControl | null> {
  const { voice, logger } = options;
  if (voice.rtpengineHosts && voice.rtpengineHosts.length > 0) {
    return connectRtpengine({
      hosts: voice.rtpengineHosts,
      // rtpengine hosts report DTMF to this node, on the address SIP already listens on.
      dtmfListen: { address: voice.sipHost },
      logger,
    });
  }
  const media = await startRtpengine({
    binaryPath: voice.rtpengineBinary,
    interface: voice.sipHost,
    dataDir: join(options.dataDir, 'rtpengine'),
    portMin: voice.rtpPortMin,
    portMax: voice.rtpPortMax,
    logger,
  });
  if (media.status === 'ready') return media;
  logger.warn(
    { reason: media.reason },
    'VOICE RUNS SIGNALING ONLY: no rtpengine, so calls will have no audio. ' +
      'Install it with `apt-get install rtpengine-daemon` (Debian/Ubuntu), set RTPENGINE_BINARY to its path, ' +
      'or point RTPENGINE_HOSTS at running rtpengine hosts.',
  );
  return null;
}
