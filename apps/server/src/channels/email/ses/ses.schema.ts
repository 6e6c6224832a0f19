import { z } from 'zod';

export const SesCredentialsSchema = z.object({
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as eu-west-1'),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  sessionToken: z.string().min(1).optional(),
  /** Defaults to `https://email.{region}.amazonaws.com`; a fake's URL in tests. */
  baseUrl: z.string().url().optional(),
  /** The configuration set whose event destination (SNS) publishes this account's events. */
  configurationSetName: z.string().min(1).optional(),
  /**
   * Which SigningCertURL (and SubscribeURL) an SNS message may name. Default: AWS's own SNS hosts
   * over HTTPS. A message naming any other URL is refused before anything is fetched.
   */
  snsCertUrlPattern: z.string().default('^https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/'),
  /** When set, only these topics are accepted (AWS's advice: reject unexpected TopicArns). */
  snsTopicArns: z.array(z.string().min(1)).optional(),
});
export type SesCredentials = z.infer<typeof SesCredentialsSchema>;

export const SnsMessageSchema = z.looseObject({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Subject: z.string().optional(),
  Message: z.string(),
  Timestamp: z.string(),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1),
  SigningCertURL: z.string().min(1),
  SubscribeURL: z.string().optional(),
  Token: z.string().optional(),
});
export type SnsMessage = z.infer<typeof SnsMessageSchema>;

const Recipient = z.looseObject({
  emailAddress: z.string(),
  diagnosticCode: z.string().optional(),
  status: z.string().optional(),
});

/** An SES event record (event publishing) or notification (`notificationType`, identity feedback). */
export const SesEventSchema = z.looseObject({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.looseObject({
    messageId: z.string(),
    timestamp: z.string().optional(),
    destination: z.array(z.string()).default([]),
  }),
  delivery: z.looseObject({ timestamp: z.string(), recipients: z.array(z.string()).default([]) }).optional(),
  bounce: z
    .looseObject({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      timestamp: z.string(),
      bouncedRecipients: z.array(Recipient).default([]),
    })
    .optional(),
  complaint: z
    .looseObject({ timestamp: z.string(), complainedRecipients: z.array(Recipient).default([]) })
    .optional(),
  open: z
    .looseObject({
      timestamp: z.string(),
      ipAddress: z.string().optional(),
      userAgent: z.string().optional(),
    })
    .optional(),
  click: z
    .looseObject({
      timestamp: z.string(),
      link: z.string().optional(),
      ipAddress: z.string().optional(),
      userAgent: z.string().optional(),
    })
    .optional(),
  deliveryDelay: z
    .looseObject({
      timestamp: z.string(),
      delayType: z.string().optional(),
      delayedRecipients: z.array(Recipient).default([]),
    })
    .optional(),
  subscription: z.looseObject({ timestamp: z.string() }).optional(),
  reject: z.looseObject({ reason: z.string().optional() }).optional(),
  failure: z.looseObject({ errorMessage: z.string().optional() }).optional(),
});
export type SesEvent = z.infer<typeof SesEventSchema>;
