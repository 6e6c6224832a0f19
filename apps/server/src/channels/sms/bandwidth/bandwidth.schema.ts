import { z } from 'zod';

/**
 * A Bandwidth account: the account id, the API user (HTTP Basic) and the messaging application the
 * numbers belong to. Bandwidth does not sign callbacks: the application is set up with callback
 * credentials (`callbackUsername`/`callbackPassword`), which Bandwidth sends as HTTP Basic on every
 * callback, and those are what we check.
 */
export const BandwidthCredentialsSchema = z.object({
  accountId: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  applicationId: z.string().min(1),
  callbackUsername: z.string().min(1),
  callbackPassword: z.string().min(8, 'at least 8 characters: it is all that authenticates callbacks'),
  baseUrl: z.url().default('https://messaging.bandwidth.com'),
});
export type BandwidthCredentials = z.infer<typeof BandwidthCredentialsSchema>;

export const BandwidthSendResponseSchema = z.looseObject({ id: z.string() });
export const BandwidthErrorSchema = z.object({
  type: z.string().optional(),
  description: z.string().optional(),
  fieldErrors: z.array(z.object({ fieldName: z.string(), description: z.string() })).optional(),
});

/** One callback event; Bandwidth posts a JSON array of them. */
export const BandwidthEventSchema = z.looseObject({
  type: z.string(),
  time: z.string(),
  description: z.string().optional(),
  to: z.string().optional(),
  errorCode: z.number().optional(),
  message: z.looseObject({
    id: z.string(),
    time: z.string().optional(),
    to: z.array(z.string()).default([]),
    from: z.string(),
    text: z.string().optional(),
    media: z.array(z.string()).default([]),
    direction: z.string().optional(),
    tag: z.string().optional(),
  }),
});
export const BandwidthCallbackSchema = z.array(BandwidthEventSchema);
