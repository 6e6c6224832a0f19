import type { ChannelKind, ChannelProvider, InboundMessage, RawWebhook } from '../channel';

/** The one adapter contract for chat apps (Slack, Discord, Telegram, Teams). */
export type ChatProvider = ChannelProvider<'chat'>;

export const CHAT_PLATFORMS = ['slack', 'discord', 'telegram', 'teams'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** What one verified delivery to a chat platform's webhook amounts to. */
export type ChatWebhookOutcome = {
  /** Normalized messages to store (none for a ping, a challenge or an event we do not keep). */
  messages: InboundMessage[];
  /** The answer the platform expects (Slack's challenge echo, Discord's PONG); JSON `{received}` otherwise. */
  reply?: { status: number; contentType: string; body: string };
};

/**
 * A chat adapter that also serves the platform's own webhook (`/v1/social/webhook/<platform>`):
 * the platform posts to one URL per app, so these hooks verify, answer handshakes, and say which
 * account the bot is.
 */
export type ChatWebhookProvider = ChatProvider & {
  platform: ChatPlatform;
  /** Verifies over the raw bytes (ProviderError `invalid_signature` when it does not) and interprets. */
  receiveWebhook(request: RawWebhook): Promise<ChatWebhookOutcome>;
  /** Asks the platform who this bot is: the account address tenants register (`slack:T123`). */
  describeAccount(options: { signal: AbortSignal }): Promise<{ address: string; label: string | null }>;
  /** Points the platform's webhook at `url` (Telegram's setWebhook); absent where it is set in a console. */
  registerWebhook?(url: string, options: { signal: AbortSignal }): Promise<void>;
  /** The `{token}` path segment that names this instance in its webhook URL (Telegram: the bot id). */
  webhookToken?: string;
};

export function isChatWebhookProvider(
  provider: ChannelProvider<ChannelKind>,
): provider is ChatWebhookProvider {
  return provider.kind === 'chat' && 'receiveWebhook' in provider && 'platform' in provider;
}
