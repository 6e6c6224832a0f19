import type { MessageChannel } from '../../channels/channel';

const text = (value: unknown) =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/**
 * Where a reply to a chat message goes, from what the chat channels keep on inbound (docs/chat-apps.md):
 * the Slack channel (and thread), Discord channel, Telegram chat (and forum topic), Teams conversation
 * with its serviceUrl. Without those (e.g. the device simulator) the sender address itself.
 */
export function chatReply(
  channel: MessageChannel,
  inbound: { from: string; content: Record<string, unknown> },
): { to: string; content?: Record<string, unknown> } {
  const c = inbound.content;
  switch (channel) {
    case 'slack': {
      const threadTs = text(c.threadTs);
      return { to: text(c.channel) ?? inbound.from, content: threadTs ? { threadTs } : undefined };
    }
    case 'discord':
      return { to: text(c.channelId) ?? inbound.from };
    case 'telegram': {
      const threadId = typeof c.threadId === 'number' ? c.threadId : undefined;
      return { to: text(c.chatId) ?? inbound.from, content: threadId ? { threadId } : undefined };
    }
    case 'teams': {
      const serviceUrl = text(c.serviceUrl);
      return { to: text(c.conversationId) ?? inbound.from, content: serviceUrl ? { serviceUrl } : undefined };
    }
    default:
      return { to: inbound.from };
  }
}
