import type { ZodType } from 'zod';

/**
 * What every channel adapter speaks: our message channels, the normalized outbound request, send
 * result, status update and inbound message. Nothing downstream of an adapter sees a vendor's
 * field names or status strings (CONVENTIONS §8).
 */
export const MESSAGE_CHANNELS = [
  'sms',
  'mms',
  'whatsapp',
  'email',
  'slack',
  'discord',
  'telegram',
  'teams',
] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/** One adapter interface per kind (DESIGN §5): SMS and MMS share carriers, the chat apps share a contract. */
export const CHANNEL_KINDS = ['sms', 'email', 'whatsapp', 'chat'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export function kindOf(channel: MessageChannel): ChannelKind {
  if (channel === 'sms' || channel === 'mms') return 'sms';
  if (channel === 'email' || channel === 'whatsapp') return channel;
  return 'chat';
}

export type OutboundMessage = {
  /** Our message id: sent as the provider's idempotency key / reference where it has one. */
  messageId: string;
  tenantId: string;
  channel: MessageChannel;
  from: string;
  to: string;
  body: string | null;
  media: string[];
  subject?: string | null;
  /** Channel-specific content (each channel's adapter parses it with its own schema). */
  content?: Record<string, unknown>;
  /** Base URL of our provider webhooks: an adapter asks for status updates at `<base>/<its id>/status`. */
  callbackBaseUrl: string;
};

/** Provider statuses become these inside the adapter. */
export type ProviderStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';

export type SendResult = {
  providerMessageId: string;
  status: ProviderStatus;
};

export type StatusUpdate = {
  provider: string;
  providerMessageId: string;
  status: ProviderStatus;
  /** Dedupes at-least-once webhook deliveries: the same event twice has the same key. */
  eventKey: string;
  occurredAt: Date;
  errorCode?: string;
  errorMessage?: string;
};

export type InboundMessage = {
  provider: string;
  providerMessageId: string;
  channel: MessageChannel;
  from: string;
  to: string;
  body: string | null;
  media: string[];
  subject?: string | null;
  /** Channel-specific content (email html, headers and threading references; chat thread ids…). */
  content?: Record<string, unknown>;
  receivedAt: Date;
};

/** A provider webhook as received: verified over the raw bytes before anything is parsed. */
export type RawWebhook = {
  url: string;
  headers: Headers;
  /** The body decoded as UTF-8 (what JSON and form signatures cover). */
  body: string;
  /** The body's exact bytes, for binary multipart (email attachments) and signatures over bytes. */
  bytes?: Uint8Array;
};

/**
 * A send that did not go through. `retryable` (timeouts, 5xx, 429, connection errors) fails over
 * to the next candidate; permanent ones (bad number, rejected content) fail the message with `code`.
 */
export class ProviderError extends Error {
  readonly retryable: boolean;
  readonly code: string;
  /** The provider asked us to wait this long before trying it again (429/503 with Retry-After). */
  readonly retryAfterMs?: number;
  constructor(
    message: string,
    options: { retryable: boolean; code: string; cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ProviderError';
    this.retryable = options.retryable;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The shape every kind's adapter interface shares; each kind narrows the message it takes. */
export type ChannelProvider<K extends ChannelKind> = {
  /** This configured instance's id (e.g. `sandbox`, `twilio-us`): the key of routes, rates and breakers. */
  id: string;
  kind: K;
  send(message: OutboundMessage, options: { signal: AbortSignal }): Promise<SendResult>;
  /** Verifies and parses a status webhook; throws ProviderError code `invalid_signature` when forged. */
  parseStatusWebhook?(request: RawWebhook): Promise<StatusUpdate[]>;
  /** Verifies and parses an inbound-message webhook (same error contract as status webhooks). */
  parseInboundWebhook?(request: RawWebhook): Promise<InboundMessage[]>;
  /** Downloads an inbound media URL with the provider's auth (the inbound pipeline stores it). */
  fetchMedia?(
    url: string,
    options: { signal: AbortSignal },
  ): Promise<{ body: Uint8Array; contentType: string }>;
  /** What the provider expects back from an inbound webhook (e.g. an empty TwiML document); JSON otherwise. */
  inboundAck?: { contentType: string; body: string };
  /**
   * The provider posts status events to the inbound URL too (Bandwidth has one callback URL per
   * application): the inbound route then also records what `parseStatusWebhook` finds in the request.
   */
  statusesOnInbound?: boolean;
};

/** What a provider module exports (CONVENTIONS §7); its registry lists them. */
export type ProviderModule<K extends ChannelKind, C, R> = {
  id: string;
  kind: K;
  credentialsSchema: ZodType<C>;
  create(options: { instanceId: string; credentials: C; runtime: R }): ChannelProvider<K>;
};
