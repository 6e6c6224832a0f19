import type { Dialog } from '@iris/sip';
import type { QueryResult } from '../../../apps/server/src/voice/rtpengine/index.js';

/** One call through the harness: the A leg it received and the B leg it placed. */
export type CallRecord = {
  /** A leg's Call-ID; also the rtpengine call-id. */
  id: string;
  aTag: string;
  bTag?: string;
  aDialog?: Dialog;
  bDialog?: Dialog;
  /** Where the B leg went (Request-URI). */
  target: string;
  state: 'routing' | 'ringing' | 'answered' | 'failed' | 'cancelled' | 'ended';
  /** Final status the B leg answered the INVITE with. */
  finalStatus?: number;
  endedBy?: 'a' | 'b';
  /** rtpengine's view of the call just before it was deleted. */
  media?: QueryResult;
  /** Directions seen in the answers to re-INVITEs, e.g. recvonly for a hold. */
  reinvites: Array<{ from: 'a' | 'b'; status: number; answerSdp: string }>;
};

export type HarnessEvents = {
  registered: [{ user: string; contact: string }];
  call: [CallRecord];
  answered: [CallRecord];
  ended: [CallRecord];
  failed: [CallRecord];
  reinvite: [CallRecord];
};
