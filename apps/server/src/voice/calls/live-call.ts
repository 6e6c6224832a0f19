import type { Dialog } from '@iris/sip';
import type { voiceTrunks } from '../../modules/trunks/trunks.schema';
import type { Verb } from '../verbs/verb-schema';

/** What a voice node holds in memory for a call it carries (the database has the rest). */
export type LiveCall = {
  id: string;
  tenantId: string;
  from: string;
  to: string;
  direction: 'outbound-api' | 'outbound-dial' | 'inbound';
  /** The current attempt's SIP Call-ID and our tag (rtpengine knows the call by these). */
  sipCallId: string;
  ourTag: string;
  remoteTag?: string;
  /** rtpengine's port facing our media sink: the far end's audio arrives from there (Record). */
  mediaPort?: number;
  /** The G.711 payload type (0 PCMU, 8 PCMA) the far end takes, from its SDP: what a bridge sends it. */
  payloadType?: number;
  trunk?: typeof voiceTrunks.$inferSelect;
  dialog?: Dialog;
  /** Cancels the ringing attempt (set while an INVITE is pending). */
  cancelDial?: () => void;
  /** Aborted when the call ends: running verbs stop waiting. */
  abort: AbortController;
  /** Set when the call is over for SIP: who ended it. */
  endedBy?: 'remote' | 'iris' | 'api';
  /** DTMF digits pressed and not yet read by a Gather, and the Gather waiting for one. */
  digits: string[];
  digitWaiter?: () => void;
  /** A redirect from the API, taken by the verb loop before its next verb. */
  redirect?: { verbs: Verb[] } | { url: string; method: 'GET' | 'POST' };
};
