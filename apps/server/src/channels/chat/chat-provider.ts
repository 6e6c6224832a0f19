import type { ChannelProvider } from '../channel';

/** The one adapter contract for chat apps (Slack, Discord, Telegram, Teams). */
export type ChatProvider = ChannelProvider<'chat'>;
