import type { Clock } from '../clock/clock';
import type { Dialog } from '../dialog/dialog';
import { sipHost } from '../parser/host';
import type { ParseMode } from '../parser/types';
import type { ClientTransaction, ServerTransaction, TimerConfig } from '../transaction/types';
import type { Transport, TransportProtocol } from '../transport/types';
import type { SipLogger } from './options';
import type { AckListener, RequestHandler } from './types';

export type BoundTransport = { transport: Transport; advertise?: { host: string; port?: number } };

/** Everything the stack's parts share; internal, never exported from the package. */
export type StackContext = {
  clock: Clock;
  timers: TimerConfig;
  logger: SipLogger;
  parseMode: ParseMode;
  userAgent: string | undefined;
  transports: BoundTransport[];
  clientTransactions: Map<string, ClientTransaction>;
  serverTransactions: Map<string, ServerTransaction>;
  /** INVITE server transactions whose 2xx awaits its ACK, by "Call-ID|CSeq". */
  awaitingAck: Map<string, ServerTransaction>;
  /** Unanswered incoming INVITEs: how to answer 487 with the right tag, and who to tell. */
  cancellable: WeakMap<ServerTransaction, { terminate: () => void; listeners: Array<() => void> }>;
  dialogs: Map<string, Dialog>;
  /** "From-tag|Call-ID|CSeq" of open server transactions, to spot merged requests (RFC 3261 §8.2.2.2). */
  requestIdentities: Map<string, string>;
  /** Reliable provisionals awaiting PRACK (RFC 3262), by "dialog|RSeq|CSeq": stops retransmitting. */
  reliableProvisionals: Map<string, () => void>;
  /** Option tags accepted in Require (RFC 3261 §8.2.2.3). */
  supported: Set<string>;
  handler: RequestHandler | undefined;
  ackListeners: AckListener[];
  closed: boolean;
};

export function pickTransport(ctx: StackContext, protocol?: TransportProtocol): BoundTransport {
  const found = protocol
    ? ctx.transports.find((t) => t.transport.protocol === protocol)
    : (ctx.transports.find((t) => t.transport.protocol === 'udp') ?? ctx.transports[0]);
  if (!found) throw new Error(`no ${protocol ?? ''} transport configured`);
  return found;
}

/** host:port this transport puts in Via sent-by and Contact. */
export function sentBy(bound: BoundTransport): string {
  const address = bound.transport.address();
  const host = bound.advertise?.host ?? address.host;
  return `${sipHost(host)}:${bound.advertise?.port ?? address.port}`;
}

export function contactUri(bound: BoundTransport): string {
  const { protocol } = bound.transport;
  return `sip:${sentBy(bound)}${protocol === 'udp' ? '' : `;transport=${protocol}`}`;
}
