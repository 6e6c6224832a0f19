import { z } from 'zod';

const Snowflake = z.string().regex(/^\d{1,20}$/, 'a Discord id (snowflake)');

/** MESSAGING_PROVIDERS credentials of a Discord application with a bot user. */
export const DiscordCredentialsSchema = z.object({
  botToken: z.string().min(1),
  applicationId: Snowflake,
  /** The application's Ed25519 public key (hex, from the Developer Portal): verifies interactions. */
  publicKey: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex characters'),
  apiBaseUrl: z.url().default('https://discord.com/api/v10'),
  /** What the user sees (only them) after a slash command or modal, while an agent picks it up. */
  interactionReply: z.string().min(1).max(2000).default('Thanks — we received your message.'),
});
export type DiscordCredentials = z.infer<typeof DiscordCredentialsSchema>;

/** A message's Discord content (messages.content): embeds, components, and the message it replies to. */
export const DiscordContentSchema = z.object({
  embeds: z.array(z.record(z.string(), z.unknown())).max(10).optional(),
  components: z.array(z.record(z.string(), z.unknown())).max(5).optional(),
  replyTo: Snowflake.optional(),
});
export type DiscordContent = z.infer<typeof DiscordContentSchema>;

const DiscordUserSchema = z.looseObject({
  id: Snowflake,
  username: z.string().optional(),
  global_name: z.string().nullable().optional(),
});

type CommandOption = { name: string; type: number; value?: unknown; options?: CommandOption[] };
const CommandOptionSchema: z.ZodType<CommandOption> = z.lazy(() =>
  z.looseObject({
    name: z.string(),
    type: z.number(),
    value: z.unknown().optional(),
    options: z.array(CommandOptionSchema).optional(),
  }),
);

/** An interaction as Discord posts it to the interactions endpoint. */
export const DiscordInteractionSchema = z.looseObject({
  id: Snowflake,
  application_id: Snowflake,
  type: z.number().int(),
  token: z.string().optional(),
  guild_id: Snowflake.optional(),
  channel_id: Snowflake.optional(),
  channel: z.looseObject({ id: Snowflake }).optional(),
  member: z.looseObject({ user: DiscordUserSchema }).optional(),
  user: DiscordUserSchema.optional(),
  message: z.looseObject({ id: Snowflake }).optional(),
  data: z
    .looseObject({
      name: z.string().optional(),
      custom_id: z.string().optional(),
      values: z.array(z.string()).optional(),
      options: z.array(CommandOptionSchema).optional(),
      components: z.array(z.unknown()).optional(),
    })
    .optional(),
});
export type DiscordInteraction = z.infer<typeof DiscordInteractionSchema>;

/** Discord's error body: `{message, code}`; on 429 `{message, retry_after, global}`. */
export const DiscordErrorSchema = z.looseObject({
  message: z.string().optional(),
  code: z.number().optional(),
  retry_after: z.number().optional(),
  global: z.boolean().optional(),
});
