import type { Clock } from '../clock/clock';
import type { SipMessage, SipRequest, SipResponse } from '../parser/types';

/** RFC 3261 §17.1.1.1 base timers in milliseconds; A–M are derived from them. */
export type TimerConfig = { t1: number; t2: number; t4: number };
export const DEFAULT_TIMERS: TimerConfig = { t1: 500, t2: 4000, t4: 5000 };

export type TransactionState =
  | 'calling'
  | 'trying'
  | 'proceeding'
  | 'completed'
  | 'accepted'
  | 'confirmed'
  | 'terminated';

/** What a transaction needs from the layer below and around it. */
export type TransactionEnv = {
  clock: Clock;
  timers: TimerConfig;
  /** Reliable transports (TCP, TLS, WS) need no retransmissions and zero-length wait timers. */
  reliable: boolean;
  /** Sends to the transaction's peer; a rejection is a transport error (RFC 3261 §17.1.4, §17.2.4). */
  send: (msg: SipMessage) => Promise<void>;
  onTerminated: () => void;
};

export type ClientTransaction = {
  readonly key: string;
  readonly request: SipRequest;
  readonly state: TransactionState;
  /**
   * The first final response. A timeout resolves with a locally made 408 and a transport failure
   * with a 503, as RFC 3261 §8.1.3.1 says the UAC must treat them.
   */
  readonly response: Promise<SipResponse>;
  onProvisional(listener: (response: SipResponse) => void): void;
  /** Further 2xx to an INVITE (retransmissions or forks): the UAC core must ACK each one. */
  onAdditional2xx(listener: (response: SipResponse) => void): void;
  /** Called by the transaction layer for each matching response. */
  receive(response: SipResponse): void;
  terminate(): void;
};

export type ServerTransaction = {
  readonly key: string;
  readonly request: SipRequest;
  readonly state: TransactionState;
  /** Sends a response through the transaction, which retransmits it as RFC 3261 §17.2 requires. */
  respond(response: SipResponse): void;
  /** Called by the transaction layer for retransmissions of the request and for ACKs. */
  receive(request: SipRequest): void;
  /** ACK for a 2xx (its own transaction) arrived: stop retransmitting the 2xx. */
  acknowledge2xx(): void;
  terminate(): void;
};

export type ServerTransactionHooks = {
  /** A final response was never acknowledged (Timer H, or 64*T1 for a 2xx). */
  onAckTimeout?: () => void;
};
