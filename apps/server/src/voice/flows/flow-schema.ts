import { z } from 'zod';

/**
 * Built-in inbound flows: what a voice number does without a tenant app. Each one is a verb document
 * generated server-side (one small file per flow) and run by the same engine as fetched documents.
 */
const SayFlow = z.object({
  type: z.literal('say'),
  text: z.string().min(1).max(4000),
  voice: z.string().max(50).optional(),
});
const VoicemailFlow = z.object({
  type: z.literal('voicemail'),
  greeting: z.string().min(1).max(1000).default('Please leave a message after the beep.'),
  voice: z.string().max(50).optional(),
  /** Longest message, seconds. */
  maxLength: z.number().int().min(1).max(600).default(120),
  /** Keys that end the message early (hanging up ends it too). */
  finishOnKey: z.string().max(12).default('#'),
});
const ForwardFlow = z.object({
  type: z.literal('forward'),
  /** An E.164 number (through the tenant's trunks) or a SIP URI. */
  to: z.union([z.string().regex(/^\+\d{2,15}$/), z.string().regex(/^sips?:\S+$/)]),
  /** Seconds to ring before giving up. */
  timeout: z.number().int().min(5).max(600).default(30),
  /** Shown to the forwarded party; default: the original caller. */
  callerId: z.string().max(64).optional(),
});

export const InboundFlowSchema = z.discriminatedUnion('type', [SayFlow, VoicemailFlow, ForwardFlow]);
export type InboundFlow = z.infer<typeof InboundFlowSchema>;
export type InboundFlowOf<T extends InboundFlow['type']> = Extract<InboundFlow, { type: T }>;
