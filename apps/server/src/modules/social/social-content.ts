import type { z } from 'zod';
import type { ChatPlatform } from '../../channels/chat/chat-provider';
import { DiscordContentSchema } from '../../channels/chat/discord/discord.schema';
import { SlackContentSchema } from '../../channels/chat/slack/slack.schema';
import { TeamsContentSchema } from '../../channels/chat/teams/teams.schema';
import { TelegramContentSchema } from '../../channels/chat/telegram/telegram.schema';
import { AppError } from '../../platform/errors/app-error';
import type { messages } from '../messages/messages.schema';
import type { SocialSend } from './social.openapi';

const invalid = (errors: { path: string; message: string }[]) =>
  new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    details: { errors },
  });

/**
 * The platform's content for a send (stored on the message, parsed again by the adapter): the
 * shared fields `blocks` and `threadId` land where each platform wants them, and the rest of
 * `content` is checked against the platform's schema here, so a bad field is a 422 now rather
 * than a failed message later.
 */
export function contentForSend(input: SocialSend): Record<string, unknown> {
  if (input.blocks && input.platform !== 'slack')
    throw invalid([
      { path: 'blocks', message: `blocks are Slack's; send ${input.platform} layouts in content` },
    ]);
  const { content, threadId } = input;
  const candidates: Record<ChatPlatform, [z.ZodType, Record<string, unknown>]> = {
    slack: [SlackContentSchema, { ...content, blocks: input.blocks, threadTs: threadId }],
    discord: [DiscordContentSchema, { ...content, replyTo: threadId }],
    telegram: [
      TelegramContentSchema,
      { ...content, threadId: threadId === undefined ? content.threadId : Number(threadId) },
    ],
    teams: [TeamsContentSchema, { ...content, replyToId: threadId }],
  };
  const [schema, value] = candidates[input.platform];
  const parsed = schema.safeParse(dropUndefined(value));
  if (!parsed.success)
    throw invalid(
      parsed.error.issues.map((issue) => {
        const field = issue.path.join('.');
        const path =
          field === 'threadTs' || field === 'replyTo' || field === 'replyToId' || field === 'threadId'
            ? 'threadId'
            : field === 'blocks'
              ? 'blocks'
              : `content.${field}`;
        return { path, message: issue.message };
      }),
    );
  return parsed.data as Record<string, unknown>;
}

const dropUndefined = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));

/** The thread a message belongs to, whatever the platform calls it. */
export function threadIdOf(row: typeof messages.$inferSelect): string | null {
  const c = row.content;
  const value = c.threadTs ?? c.replyTo ?? c.replyToId ?? c.threadId ?? null;
  return value === null || value === undefined ? null : String(value);
}
