import { z } from 'zod';

/** Where Teams' Bot Connector lives (public cloud and the government clouds): the only hosts we send bot tokens to by default. */
export const TEAMS_SERVICE_URLS = [
  'https://smba.trafficmanager.net/',
  'https://smba.infra.gcc.teams.microsoft.com/',
  'https://smba.infra.gov.teams.microsoft.us/',
  'https://smba.infra.dod.teams.microsoft.us/',
];

/** MESSAGING_PROVIDERS credentials of an Azure Bot registration used in Teams. */
export const TeamsCredentialsSchema = z.object({
  /** The bot's Microsoft App ID: the audience of inbound tokens, the client id of outbound ones. */
  appId: z.string().min(1),
  appPassword: z.string().min(1),
  openIdMetadataUrl: z.url().default('https://login.botframework.com/v1/.well-known/openidconfiguration'),
  issuer: z.string().default('https://api.botframework.com'),
  /** Single-tenant bots use their own tenant instead of botframework.com. */
  tokenUrl: z.url().default('https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token'),
  tokenScope: z.string().default('https://api.botframework.com/.default'),
  /** URL prefixes a reply may be posted to (the bot token goes there): a tenant cannot redirect it elsewhere. */
  allowedServiceUrls: z.array(z.url()).min(1).default(TEAMS_SERVICE_URLS),
});
export type TeamsCredentials = z.infer<typeof TeamsCredentialsSchema>;

/** A message's Teams content (messages.content): where the conversation lives and what to attach. */
export const TeamsContentSchema = z.object({
  /** The Bot Connector of the conversation (from its inbound activity's serviceUrl). */
  serviceUrl: z.url(),
  /** Reply to this activity (a thread reply in a channel). */
  replyToId: z.string().min(1).optional(),
  /** Adaptive Cards and other attachments, as Bot Framework attachments. */
  attachments: z
    .array(
      z.looseObject({
        contentType: z.string(),
        content: z.unknown().optional(),
        contentUrl: z.string().optional(),
      }),
    )
    .max(10)
    .optional(),
  textFormat: z.enum(['markdown', 'plain', 'xml']).optional(),
});
export type TeamsContent = z.infer<typeof TeamsContentSchema>;

const AccountSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

/** A Bot Framework activity, as posted to the messaging endpoint. */
export const TeamsActivitySchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  timestamp: z.string().optional(),
  serviceUrl: z.string(),
  channelId: z.string(),
  from: AccountSchema,
  recipient: AccountSchema.optional(),
  conversation: z.looseObject({
    id: z.string(),
    conversationType: z.string().optional(),
    tenantId: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  text: z.string().optional(),
  value: z.unknown().optional(),
  replyToId: z.string().optional(),
  attachments: z
    .array(
      z.looseObject({
        contentType: z.string(),
        contentUrl: z.string().optional(),
        name: z.string().optional(),
        content: z.unknown().optional(),
      }),
    )
    .optional(),
});
export type TeamsActivity = z.infer<typeof TeamsActivitySchema>;
