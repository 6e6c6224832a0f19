import { z } from '@hono/zod-openapi';
import { CHAT_PLATFORMS } from '../../channels/chat/chat-provider';
import { PageQuerySchema } from '../../platform/http/api-schemas';

export const PlatformSchema = z.enum(CHAT_PLATFORMS).openapi('ChatPlatform');

export const SocialAccountSchema = z
  .object({
    id: z.string(),
    platform: PlatformSchema,
    /** `slack:<team id>`, `discord:<application id>`, `telegram:<bot id>`, `teams:<app id>`. */
    address: z.string(),
    /** The configured provider instance (MESSAGING_PROVIDERS id) behind the account. */
    provider: z.string(),
    label: z.string().nullable(),
    /** Where the platform must post its events for this account. */
    webhookUrl: z.string(),
    createdAt: z.string(),
  })
  .openapi('SocialAccount');

export const CreateSocialAccountSchema = z
  .object({
    platform: PlatformSchema,
    provider: z.string().min(1).max(64).openapi({ description: 'A configured chat provider instance id' }),
    label: z.string().max(100).optional(),
    registerWebhook: z
      .boolean()
      .default(true)
      .openapi({ description: 'Telegram: call setWebhook (with the secret token) now' }),
  })
  .openapi('CreateSocialAccount');

export const WebhookRegistrationSchema = z
  .object({
    webhookUrl: z.string(),
    registered: z.boolean(),
    detail: z.string(),
  })
  .openapi('SocialWebhookRegistration');

export const SocialSendSchema = z
  .object({
    platform: PlatformSchema,
    /** Slack channel id, Discord channel id, Telegram chat id, Teams conversation id. */
    to: z.string().trim().min(1).max(512),
    /** The account to send from (its address); by default the tenant's first account on the platform. */
    from: z.string().trim().min(1).max(254).optional(),
    text: z.string().max(40_000).optional(),
    media: z.array(z.url()).max(10).default([]),
    /** Slack Block Kit blocks. */
    blocks: z.array(z.record(z.string(), z.unknown())).min(1).max(50).optional(),
    /** Slack thread_ts, Discord message to reply to, Telegram forum topic, Teams activity to reply to. */
    threadId: z.string().min(1).max(200).optional(),
    /** The rest of the platform's content (Discord embeds, Telegram replyMarkup, Teams serviceUrl and attachments…). */
    content: z.record(z.string(), z.unknown()).default({}),
    metadata: z.record(z.string(), z.unknown()).default({}),
  })
  .openapi('SocialSend');
export type SocialSend = z.infer<typeof SocialSendSchema>;

export const SocialMessageSchema = z
  .object({
    id: z.string(),
    platform: PlatformSchema,
    direction: z.enum(['outbound', 'inbound']),
    status: z.string(),
    /** Inbound: the normalized sender (`slack:<team>:<user>`, `discord:<user>`, `telegram:<user>`, `teams:<aad id>`). */
    from: z.string().nullable(),
    to: z.string(),
    text: z.string().nullable(),
    media: z.array(z.string()),
    threadId: z.string().nullable(),
    content: z.record(z.string(), z.unknown()),
    provider: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SocialMessage');

export const SocialMessagesQuerySchema = PageQuerySchema.extend({
  platform: PlatformSchema.optional(),
  direction: z.enum(['outbound', 'inbound']).optional(),
});
