import type { SipStack } from '@iris/sip';
import type { AppContext } from '../../app-context';
import type { Logger } from '../../platform/logging/logger';
import type { AudioCache } from '../audio/audio-cache';
import type { MediaControl } from '../rtpengine/index.js';
import type { LiveCall } from './live-call';
import type { MediaSink } from './media-sink';
import type { StatusCallbacks } from './status-callbacks';

/** Everything a call handler on this voice node works with. */
export type VoiceEngine = {
  ctx: AppContext;
  /** This voice node's id (voice_nodes), stamped on the calls it carries. */
  nodeId: string;
  sip: SipStack;
  media: MediaControl | null;
  sink: MediaSink;
  audio: AudioCache;
  logger: Logger;
  callbacks: StatusCallbacks;
  /** Live calls by call id, and by SIP Call-ID for in-dialog requests. */
  live: Map<string, LiveCall>;
  bySipCallId: Map<string, LiveCall>;
};
