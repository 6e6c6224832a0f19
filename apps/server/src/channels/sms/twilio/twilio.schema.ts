import { z } from 'zod';

/**
 * A Twilio account: the Account SID and Auth Token (the token also signs Twilio's webhooks).
 * `apiKeySid`/`apiKeySecret`, when given, authenticate API calls instead of the token (Twilio's
 * recommended practice); webhooks are still verified with the Auth Token.
 */
export const TwilioCredentialsSchema = z.object({
  accountSid: z.string().regex(/^AC[0-9a-zA-Z]{32}$/, 'an Account SID: AC followed by 32 characters'),
  authToken: z.string().min(1),
  apiKeySid: z
    .string()
    .regex(/^SK[0-9a-zA-Z]{32}$/, 'an API key SID: SK followed by 32 characters')
    .optional(),
  apiKeySecret: z.string().min(1).optional(),
  baseUrl: z.url().default('https://api.twilio.com'),
  /**
   * The origin Twilio calls us on (`https://iris.example.com`), when a proxy in front of IRIS makes
   * the request URL we see differ from the one Twilio signed.
   */
  webhookOrigin: z.url().optional(),
});
export type TwilioCredentials = z.infer<typeof TwilioCredentialsSchema>;

/** The Message resource, as much of it as we read (Twilio's JSON is snake_case). */
export const TwilioMessageSchema = z.object({
  sid: z.string(),
  status: z.string(),
  error_code: z.number().nullable().optional(),
  error_message: z.string().nullable().optional(),
});

/** Twilio's REST error body. */
export const TwilioErrorSchema = z.object({
  code: z.number().optional(),
  message: z.string().optional(),
  more_info: z.string().optional(),
  status: z.number().optional(),
});

/** A status callback (form params); Twilio adds params without notice, so unknown ones are kept. */
export const TwilioStatusCallbackSchema = z.looseObject({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  AccountSid: z.string(),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

/** An incoming message (form params): MediaUrl{N}/MediaContentType{N} for N < NumMedia. */
export const TwilioInboundSchema = z.looseObject({
  MessageSid: z.string().min(1),
  AccountSid: z.string(),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().default(''),
  NumMedia: z.coerce.number().int().min(0).default(0),
});
