import { z } from 'zod';

/** MESSAGING_PROVIDERS credentials of a Slack app installed in one workspace. */
export const SlackCredentialsSchema = z.object({
  /** The bot token (`xoxb-…`) of the app's installation. */
  botToken: z.string().min(1),
  /** The app's signing secret: verifies Events API and interactivity requests. */
  signingSecret: z.string().min(1),
  apiBaseUrl: z.url().default('https://slack.com/api'),
});
export type SlackCredentials = z.infer<typeof SlackCredentialsSchema>;

/** A message's Slack content (messages.content): what chat.postMessage takes beyond the text. */
export const SlackContentSchema = z.object({
  blocks: z.array(z.record(z.string(), z.unknown())).min(1).max(50).optional(),
  /** Reply in this thread (the parent message's ts). */
  threadTs: z
    .string()
    .regex(/^\d+\.\d+$/, 'a Slack message ts such as 1503435956.000247')
    .optional(),
  replyBroadcast: z.boolean().optional(),
  unfurlLinks: z.boolean().optional(),
});
export type SlackContent = z.infer<typeof SlackContentSchema>;

const SlackFileSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  mimetype: z.string().optional(),
  url_private: z.string().optional(),
});

/** The `event` of an event_callback: only the fields of message-like events we read. */
export const SlackEventSchema = z.looseObject({
  type: z.string(),
  subtype: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  text: z.string().optional(),
  channel: z.string().optional(),
  channel_type: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  files: z.array(SlackFileSchema).optional(),
});

/** An Events API request body: url_verification, event_callback, or a type we acknowledge and ignore. */
export const SlackEnvelopeSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string() }),
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: z.string(),
    api_app_id: z.string().optional(),
    event_id: z.string(),
    event_time: z.number().optional(),
    event: SlackEventSchema,
  }),
  z.looseObject({ type: z.literal('app_rate_limited') }),
]);

const SlackActionSchema = z.looseObject({
  action_id: z.string(),
  block_id: z.string().optional(),
  type: z.string(),
  action_ts: z.string().optional(),
  value: z.string().optional(),
  text: z.looseObject({ text: z.string() }).optional(),
  selected_option: z.looseObject({ value: z.string() }).optional(),
});

/** An interactivity payload (the `payload` form field): block actions and modal submissions. */
export const SlackInteractionSchema = z.looseObject({
  type: z.string(),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
  user: z.looseObject({ id: z.string(), team_id: z.string().optional() }),
  trigger_id: z.string().optional(),
  channel: z.looseObject({ id: z.string() }).optional(),
  container: z
    .looseObject({ message_ts: z.string().optional(), thread_ts: z.string().optional() })
    .optional(),
  actions: z.array(SlackActionSchema).optional(),
  view: z
    .looseObject({
      id: z.string(),
      callback_id: z.string().optional(),
      state: z.looseObject({ values: z.record(z.string(), z.unknown()) }).optional(),
    })
    .optional(),
});
export type SlackInteraction = z.infer<typeof SlackInteractionSchema>;

/** A slash command (form fields). */
export const SlackCommandSchema = z.looseObject({
  command: z.string(),
  text: z.string().default(''),
  team_id: z.string(),
  user_id: z.string(),
  channel_id: z.string(),
  trigger_id: z.string(),
});

/** chat.postMessage's answer: HTTP 200 even when it failed (ok:false, error). */
export const SlackPostResultSchema = z.looseObject({
  ok: z.boolean(),
  error: z.string().optional(),
  channel: z.string().optional(),
  ts: z.string().optional(),
});
