/**
 * The message state machine. Outbound: scheduled → queued → sending → sent → delivered | undelivered
 * | failed, with `read` after delivery where the channel reports it and `canceled` for a scheduled
 * message. Inbound: received (→ read). A transition not listed here is refused, so an out-of-order
 * provider update (a late `sent` after `delivered`) never moves a message backwards.
 */
export const MESSAGE_STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'read',
  'canceled',
  'received',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const NEXT: Record<MessageStatus, readonly MessageStatus[]> = {
  scheduled: ['queued', 'canceled', 'failed'],
  queued: ['sending', 'canceled', 'failed'],
  // A receipt may arrive before the send's response is stored: sending can jump straight on.
  sending: ['sent', 'delivered', 'undelivered', 'failed', 'read'],
  sent: ['delivered', 'undelivered', 'failed', 'read'],
  delivered: ['read'],
  undelivered: [],
  failed: [],
  read: [],
  canceled: [],
  received: ['read'],
};

export const TERMINAL_STATUSES: readonly MessageStatus[] = [
  'delivered',
  'undelivered',
  'failed',
  'canceled',
  'read',
];

export function canTransition(from: MessageStatus, to: MessageStatus): boolean {
  return NEXT[from].includes(to);
}

/** Where the change came from, recorded with each transition. */
export type TransitionSource = 'api' | 'worker' | 'router' | 'provider' | 'scheduler' | 'inbound';
export type StatusChange = { status: MessageStatus; at: string; source: TransitionSource; detail?: string };
