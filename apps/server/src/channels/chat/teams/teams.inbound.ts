import type { InboundMessage, RawWebhook } from '../../channel';
import type { ChatWebhookOutcome } from '../chat-provider';
import { type TeamsActivity, TeamsActivitySchema } from './teams.schema';

/** Teams ids of bots start with 28: — an activity from one (ours included) is never a customer. */
const BOT_PREFIX = '28:';

export function parseTeamsActivity(raw: RawWebhook): TeamsActivity {
  return TeamsActivitySchema.parse(JSON.parse(raw.body));
}

/**
 * A verified activity: a `message` from a person (text, files, or an Adaptive Card's submitted
 * values) and an `invoke` (Action.Execute) become inbound messages; conversation updates,
 * typing and the rest are acknowledged and dropped.
 */
export function normalizeTeamsActivity(
  activity: TeamsActivity,
  options: { instanceId: string; appId: string },
): ChatWebhookOutcome {
  const isPerson = !activity.from.id.startsWith(BOT_PREFIX);
  if (!isPerson || !activity.id || (activity.type !== 'message' && activity.type !== 'invoke'))
    return { messages: [] };
  const text = activity.text ? stripMentions(activity.text) : null;
  const media = (activity.attachments ?? []).flatMap((a) => {
    // Files shared in chat carry a pre-authorized download URL; inline images a contentUrl.
    const download = (a.content as { downloadUrl?: unknown } | undefined)?.downloadUrl;
    if (typeof download === 'string') return [download];
    return a.contentUrl && a.contentType !== 'text/html' ? [a.contentUrl] : [];
  });
  const interaction =
    activity.type === 'invoke'
      ? { type: 'invoke', name: activity.name ?? null, value: activity.value ?? null }
      : activity.value !== undefined
        ? { type: 'card_submit', value: activity.value }
        : undefined;
  const message: InboundMessage = {
    provider: options.instanceId,
    // Activity ids are unique within a conversation only.
    providerMessageId: `${activity.conversation.id}/${activity.id}`,
    channel: 'teams',
    from: `teams:${activity.from.aadObjectId ?? activity.from.id}`,
    to: `teams:${options.appId}`,
    body: text || null,
    media,
    content: {
      platform: 'teams',
      serviceUrl: activity.serviceUrl,
      conversationId: activity.conversation.id,
      conversationType: activity.conversation.conversationType ?? null,
      tenantId: activity.conversation.tenantId ?? null,
      activityId: activity.id,
      replyToId: activity.replyToId ?? null,
      userId: activity.from.id,
      userName: activity.from.name ?? null,
      ...(interaction ? { interaction } : {}),
    },
    receivedAt: activity.timestamp ? new Date(activity.timestamp) : new Date(),
  };
  // An Adaptive Card Action.Execute expects an invoke response, or Teams shows the card as failed.
  const reply =
    activity.type === 'invoke'
      ? {
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({
            statusCode: 200,
            type: 'application/vnd.microsoft.activity.message',
            value: 'Received',
          }),
        }
      : undefined;
  return { messages: [message], ...(reply ? { reply } : {}) };
}

/** In channels Teams puts `<at>Bot</at>` before the text: the mention of the bot is not the message. */
function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/g, '').trim();
}
