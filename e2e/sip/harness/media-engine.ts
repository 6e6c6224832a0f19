import { createLogger } from '../../../apps/server/src/platform/logging/logger';
import { type LocalMediaControl, startRtpengine } from '../../../apps/server/src/voice/rtpengine/index.js';

/** A local userspace rtpengine on loopback; these suites need real media, so a missing one fails. */
export async function startMediaEngine(options: {
  dataDir: string;
  portMin: number;
  portMax: number;
}): Promise<LocalMediaControl> {
  const media = await startRtpengine({
    interface: '127.0.0.1',
    ...options,
    logger: createLogger({ level: 'silent' }),
  });
  if (media.status !== 'ready') throw new Error(`rtpengine is needed here: ${media.reason}`);
  return media;
}
