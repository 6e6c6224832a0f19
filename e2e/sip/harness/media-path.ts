import type { NgClient, QueryResult } from '../../../apps/server/src/voice/rtpengine/index.js';

/** How the harness rewrites SDP between legs: through rtpengine, or untouched (signalling benches). */
export type MediaPath = {
  offer(callId: string, fromTag: string, sdp: string): Promise<string>;
  answer(callId: string, fromTag: string, toTag: string, sdp: string): Promise<string>;
  /** Packet stats as last seen, then the rtpengine call is deleted. */
  end(callId: string): Promise<QueryResult | undefined>;
};

export const passThroughMedia: MediaPath = {
  offer: async (_callId, _fromTag, sdp) => sdp,
  answer: async (_callId, _fromTag, _toTag, sdp) => sdp,
  end: async () => undefined,
};

export function rtpengineMedia(ng: NgClient): MediaPath {
  // Loopback peers only: no ICE, and rtpengine's own address in o= and c= lines.
  const common = { replace: ['origin', 'session-connection'] as const, ice: 'remove' as const };
  return {
    async offer(callId, fromTag, sdp) {
      return (await ng.offer({ ...common, replace: [...common.replace], callId, fromTag, sdp })).sdp;
    },
    async answer(callId, fromTag, toTag, sdp) {
      return (await ng.answer({ ...common, replace: [...common.replace], callId, fromTag, toTag, sdp })).sdp;
    },
    async end(callId) {
      const stats = await ng.query({ callId }).catch(() => undefined);
      await ng.delete({ callId, deleteDelaySec: 0 }).catch(() => undefined);
      return stats;
    },
  };
}
