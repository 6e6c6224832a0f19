import type { BencodeValue } from './bencode.js';

/**
 * Typed options for the ng commands that act on an existing call (media,
 * DTMF, recording, delete, query) and their mapping to ng keys.
 */

/** An ng request body addressed to one call; the client routes it by `call-id`. */
export type NgCallRequest = { 'call-id': string; [key: string]: BencodeValue | undefined };

/**
 * Which call participant a media command acts on. `fromTag` (or `label`, or the
 * SDP `address`) picks the source participant; `toTag`/`toLabel` narrow it to
 * one media flow; `all` applies to every participant.
 */
export type ParticipantSelector = {
  callId: string;
  fromTag?: string;
  toTag?: string;
  label?: string;
  toLabel?: string;
  address?: string;
  all?: boolean;
};

export type MediaSource = { file: string } | { blob: Buffer } | { dbId: number };

export type PlayMediaOptions = ParticipantSelector &
  MediaSource & {
    repeatTimes?: number;
  };

export const DTMF_DIGITS = [
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '*',
  '#',
  'A',
  'B',
  'C',
  'D',
] as const;
export type DtmfDigit = (typeof DTMF_DIGITS)[number];

export type PlayDtmfOptions = ParticipantSelector & {
  /** A digit, or an RFC 4733 event code 0–15. */
  digit: DtmfDigit | number;
  /** 100–5000 ms; rtpengine's default is 250. */
  durationMs?: number;
  /** 0 (loudest) to -63 dB; rtpengine's default is -8. */
  volumeDb?: number;
  /** Gap before the next queued digit, 100–5000 ms; rtpengine's default is 100. */
  pauseMs?: number;
};

export type DeleteOptions = {
  callId: string;
  fromTag?: string;
  toTag?: string;
  viaBranch?: string;
  /** Unknown call-id becomes an error instead of a warning. */
  fatal?: boolean;
  /** Overrides `--delete-delay`; 0 deletes at once. */
  deleteDelaySec?: number;
};

export type QueryOptions = { callId: string; fromTag?: string; toTag?: string };

export type StartRecordingOptions = {
  callId: string;
  fromTag?: string;
  toTag?: string;
  viaBranch?: string;
  /** Written into the recording's metadata file. */
  metadata?: string;
  /** Output file path (no extension is added). */
  outputDestination?: string;
};

export type StopRecordingOptions = {
  callId: string;
  fromTag?: string;
  /** Pause instead of stop: the recording file stays open for a later start. */
  pause?: boolean;
};

export function toSelectorRequest(selector: ParticipantSelector): NgCallRequest {
  return {
    'call-id': selector.callId,
    'from-tag': selector.fromTag,
    'to-tag': selector.toTag,
    label: selector.label,
    'to-label': selector.toLabel,
    address: selector.address,
    // rtpengine 10.5 reads `all` only as a flag, not as a dictionary key.
    flags: selector.all ? ['all'] : undefined,
  };
}

export function toPlayMediaRequest(options: PlayMediaOptions): NgCallRequest {
  return {
    ...toSelectorRequest(options),
    file: 'file' in options ? options.file : undefined,
    blob: 'blob' in options ? options.blob : undefined,
    'db-id': 'dbId' in options ? options.dbId : undefined,
    'repeat-times': options.repeatTimes,
  };
}

export function toPlayDtmfRequest(options: PlayDtmfOptions): NgCallRequest {
  return {
    ...toSelectorRequest(options),
    code: options.digit,
    duration: options.durationMs,
    // rtpengine reads positive volumes as negative dB; send the magnitude.
    volume: options.volumeDb === undefined ? undefined : Math.abs(options.volumeDb),
    pause: options.pauseMs,
  };
}

export function toDeleteRequest(options: DeleteOptions): NgCallRequest {
  return {
    'call-id': options.callId,
    'from-tag': options.fromTag,
    'to-tag': options.toTag,
    'via-branch': options.viaBranch,
    flags: options.fatal ? ['fatal'] : undefined,
    'delete-delay': options.deleteDelaySec,
  };
}

export function toQueryRequest(options: QueryOptions): NgCallRequest {
  return { 'call-id': options.callId, 'from-tag': options.fromTag, 'to-tag': options.toTag };
}

export function toStartRecordingRequest(options: StartRecordingOptions): NgCallRequest {
  return {
    'call-id': options.callId,
    'from-tag': options.fromTag,
    'to-tag': options.toTag,
    'via-branch': options.viaBranch,
    metadata: options.metadata,
    'output-destination': options.outputDestination,
  };
}

export function toStopRecordingRequest(options: StopRecordingOptions): NgCallRequest {
  return {
    'call-id': options.callId,
    'from-tag': options.fromTag,
    flags: options.pause ? ['pause'] : undefined,
  };
}
