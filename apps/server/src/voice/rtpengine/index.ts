export { BencodeError, type BencodeValue, decodeBencode, encodeBencode } from './bencode.js';
export { type DtmfEvent, DtmfListener, listenForDtmfEvents } from './dtmf-events.js';
export {
  type ConnectRtpengineOptions,
  connectRtpengine,
  type MediaControl,
  type MediaUnavailable,
} from './media-control.js';
export { createNgClient, type NgClient, type NgClientOptions } from './ng-client.js';
export { type HostStrategy, type NgHost, parseNgHost } from './ng-hosts.js';
export type {
  DeleteOptions,
  DtmfDigit,
  MediaSource,
  ParticipantSelector,
  PlayDtmfOptions,
  PlayMediaOptions,
  QueryOptions,
  StartRecordingOptions,
  StopRecordingOptions,
} from './ng-media-options.js';
export type {
  DeleteResult,
  NgAck,
  PacketStats,
  PlayMediaResult,
  QueryResult,
  SdpResult,
  StatisticsResult,
  StopMediaResult,
} from './ng-results.js';
export type { AnswerOptions, CodecOptions, OfferOptions, TransportProtocol } from './ng-sdp-options.js';
export { RtpengineError, type RtpengineErrorCode } from './rtpengine-error.js';
export type { RtpengineLogger, RtpengineProcess } from './rtpengine-process.js';
export { type LocalMediaControl, type StartRtpengineOptions, startRtpengine } from './supervisor.js';
