import type { Logger } from '../../platform/logging/logger';
import type { Verb } from './verb-schema';

/**
 * What a verb handler sees of a call: who it is, how to make it hear something, and how to end it.
 * Deliberately thin (CONVENTIONS §3): SIP, rtpengine and the database stay behind these functions.
 */
export type CallContext = {
  callId: string;
  tenantId: string;
  from: string;
  to: string;
  logger: Logger;
  /** Aborted when the call ends (remote BYE, API hang-up): handlers stop waiting. */
  signal: AbortSignal;
  /** Plays a WAV file to the caller; resolves when it has played (or the call ended). */
  playFile(path: string): Promise<void>;
  /** A WAV of `text` spoken with `voice` (cached per text and voice). */
  synthesize(text: string, voice?: string): Promise<string>;
  /** Downloads audio from a URL into a WAV the media engine can play (cached per URL). */
  fetchAudio(url: string): Promise<string>;
  /** Fetches and validates the verb document at `url` (Twilio-style parameters, signed). */
  fetchVerbs(url: string, method: 'GET' | 'POST', extra?: Record<string, string>): Promise<Verb[]>;
  /** Ends the call from our side (BYE when answered, a final answer when not). */
  hangup(reason?: { sipCode?: number }): Promise<void>;
  /** A short 1 kHz beep (cached WAV), played before Record. */
  beep(): Promise<string>;
  /** Records the far end's audio into a stored WAV (see voice/calls/record-audio.ts). */
  record(options: {
    maxLengthSeconds: number;
    finishOnKey: string;
    recordingStatusCallback?: string;
  }): Promise<{
    recording: { id: string; durationSeconds: number | null };
    /** The signed download URL (null when the audio could not be stored). */
    mediaUrl: string | null;
    finishedBy: string | null;
  }>;
  /** The next DTMF digit the caller pressed (buffered since the answer), or null after `timeoutMs`. */
  nextDigit(timeoutMs: number): Promise<string | null>;
  /** A redirect the API asked for since the last verb started (the new document), once. */
  takeRedirect(): Promise<Verb[] | undefined>;
  /** Waits `ms` unless the call ends first. */
  wait(ms: number): Promise<void>;
  /** The call's audio, or null when the call has no media path through IRIS (no rtpengine). */
  audio(): CallAudio | null;
  /** Dials Number/Sip/Client targets in parallel, bridges the first to answer, until a leg hangs up. */
  dial(request: DialRequest): Promise<DialOutcome>;
};

/** What `<Dial>` asks for (Queue and Conference go to their own handlers, not here). */
export type DialRequest = {
  targets: (
    | { type: 'number'; number: string }
    | { type: 'sip'; uri: string }
    | { type: 'client'; identity: string }
  )[];
  timeoutSeconds: number;
  callerId?: string;
};

/** How a Dial ended, in Twilio's terms (DialCallStatus, DialCallSid, DialCallDuration). */
export type DialOutcome = {
  status: 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';
  /** The B leg that answered, else the last one that was tried (none when nothing could be dialed). */
  callId?: string;
  /** Seconds the bridge lasted (answered legs only). */
  durationSeconds?: number;
};

/**
 * The call's audio as IRIS itself hears and speaks it (the media sink's side of the leg): what
 * bridges (Dial) and conference mixers are built on. G.711 frames of 20 ms; one listener at a time.
 */
export type CallAudio = {
  /** Frames from the far end (payload type 0 = PCMU, 8 = PCMA; telephone-event is not passed). */
  onFrame(listener: (payloadType: number, payload: Buffer) => void): () => void;
  /** Sends a frame toward the far end (`samples` long at 8 kHz) in the call's own RTP stream. */
  sendFrame(payloadType: number, payload: Buffer, samples: number): void;
};

/** What a verb tells the dispatcher: go on, switch to another document, or stop. */
export type VerbResult = { next: 'continue' } | { next: 'replace'; verbs: Verb[] } | { next: 'stop' };

export type VerbHandler<V extends Verb = Verb> = (call: CallContext, verb: V) => Promise<VerbResult>;

export const CONTINUE: VerbResult = { next: 'continue' };
export const STOP: VerbResult = { next: 'stop' };
