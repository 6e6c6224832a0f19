/**
 * @iris/sip — IRIS's own SIP stack (RFC 3261 with RFC 3581, 6026, 7118, 7616).
 *
 * Most callers need only `createSipStack` and the message helpers; the lower layers (parser,
 * transactions, dialogs, digest) are exported for tools and tests that work below the user agent.
 */

// Digest authentication
export { computeDigestResponse, type DigestAlgorithm, parseAuthHeader } from './auth/digest';
export { type AnswerOptions, answerDigestChallenge, type Credentials } from './auth/digest-client';
export {
  createDigestAuthenticator,
  type DigestAuthenticator,
  type DigestAuthenticatorOptions,
  type DigestSecret,
  type DigestVerdict,
  type SecretLookup,
} from './auth/digest-server';
// Clock
export { type Clock, systemClock, type Timer } from './clock/clock';
export { createFakeClock, type FakeClock } from './clock/fake-clock';
export {
  createUacDialog,
  createUasDialog,
  type Dialog,
  type DialogId,
  receiveInDialogRequest,
  receiveInDialogResponse,
} from './dialog/dialog';
export { createInDialogRequest, type InDialogOptions } from './dialog/in-dialog-request';
// Messages
export { createResponse, defaultReason, type ExtraHeaders } from './message/build';
export { createRequest, type RequestOptions } from './message/build-request';
export {
  addHeader,
  getCallId,
  getContacts,
  getCSeq,
  getFrom,
  getHeader,
  getHeaders,
  getRoutes,
  getTag,
  getTo,
  getTopVia,
  getVias,
  removeHeaders,
  setHeader,
} from './message/headers';
export { createBranch, createCallId, createTag, MAGIC_COOKIE } from './message/ids';
export { parseNameAddr, serializeNameAddr } from './parser/name-addr';
// Parser and serializer
export { type ParseOptions, parseMessage } from './parser/parse-message';
export { serializeMessage } from './parser/serialize';
export { SipParseError, type SipParseErrorCode } from './parser/sip-parse-error';
export { createStreamFramer, type StreamFramer } from './parser/stream-framer';
export type {
  AbsoluteUri,
  CSeq,
  NameAddr,
  Params,
  ParseMode,
  SipHeader,
  SipMessage,
  SipRequest,
  SipResponse,
  SipUri,
  Uri,
  Via,
} from './parser/types';
export { parseSipUri, parseUri, serializeUri } from './parser/uri';
export { parseVia, serializeVia } from './parser/via';
// SDP
export {
  type Codec,
  getAudioTarget,
  getCodecs,
  type MediaSummary,
  parseSdp,
  type SessionDescription,
  serializeSdp,
  summarizeMedia,
} from './sdp/sdp';
// User-agent layer
export { createSipStack } from './stack/create-sip-stack';
export type { SipLogger, SipStackOptions, StackTransportConfig } from './stack/options';
export type {
  AckListener,
  IncomingRequest,
  OutgoingRequest,
  RequestHandler,
  SendOptions,
  SipStack,
} from './stack/types';
// Transactions and dialogs
export { createInviteClientTransaction } from './transaction/invite-client';
export { createInviteServerTransaction } from './transaction/invite-server';
export { createNonInviteClientTransaction } from './transaction/non-invite-client';
export { createNonInviteServerTransaction } from './transaction/non-invite-server';
export {
  type ClientTransaction,
  DEFAULT_TIMERS,
  type ServerTransaction,
  type TimerConfig,
  type TransactionEnv,
  type TransactionState,
} from './transaction/types';
// Transports
export type { Endpoint, TlsOptions, TransportConfig, TransportProtocol } from './transport/types';
