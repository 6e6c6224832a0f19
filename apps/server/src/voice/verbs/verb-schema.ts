import { z } from 'zod';

/**
 * The JSON shape of a verb document: the TwiML subset we run, one object per verb with a `verb`
 * key. XML documents are parsed into this same shape, so one validator and one dispatcher serve both.
 */
const Say = z.object({
  verb: z.literal('say'),
  text: z.string().min(1).max(4000),
  voice: z.string().max(50).optional(),
  loop: z.number().int().min(0).max(100).default(1),
});
const Play = z.object({
  verb: z.literal('play'),
  url: z.string().url(),
  loop: z.number().int().min(0).max(100).default(1),
});
const Pause = z.object({ verb: z.literal('pause'), length: z.number().int().min(1).max(600).default(1) });
const Hangup = z.object({ verb: z.literal('hangup') });
const Reject = z.object({
  verb: z.literal('reject'),
  reason: z.enum(['rejected', 'busy']).default('rejected'),
});
const Redirect = z.object({
  verb: z.literal('redirect'),
  url: z.string().url(),
  method: z.enum(['GET', 'POST']).default('POST'),
});
const Gather = z.object({
  verb: z.literal('gather'),
  numDigits: z.number().int().min(1).max(64).optional(),
  finishOnKey: z.string().max(1).default('#'),
  timeout: z.number().int().min(1).max(120).default(5),
  action: z.string().url().optional(),
  method: z.enum(['GET', 'POST']).default('POST'),
  prompts: z.array(z.union([Say, Play, Pause])).default([]),
});
const Record = z.object({
  verb: z.literal('record'),
  maxLength: z.number().int().min(1).max(14_400).default(3600),
  finishOnKey: z.string().max(12).default('1234567890*#'),
  playBeep: z.boolean().default(true),
  action: z.string().url().optional(),
  method: z.enum(['GET', 'POST']).default('POST'),
  recordingStatusCallback: z.string().url().optional(),
});
const DialTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('number'), number: z.string().regex(/^\+\d{2,15}$/) }),
  z.object({ type: z.literal('sip'), uri: z.string().regex(/^sips?:/) }),
  z.object({ type: z.literal('client'), identity: z.string().min(1).max(100) }),
  z.object({ type: z.literal('queue'), name: z.string().min(1).max(100) }),
  z.object({
    type: z.literal('conference'),
    name: z.string().min(1).max(100),
    startConferenceOnEnter: z.boolean().default(true),
    endConferenceOnExit: z.boolean().default(false),
    muted: z.boolean().default(false),
    beep: z.boolean().default(true),
  }),
]);
const Dial = z.object({
  verb: z.literal('dial'),
  targets: z.array(DialTarget).min(1).max(10),
  timeout: z.number().int().min(5).max(600).default(30),
  callerId: z.string().optional(),
  action: z.string().url().optional(),
  method: z.enum(['GET', 'POST']).default('POST'),
  record: z.boolean().default(false),
});

const Enqueue = z.object({
  verb: z.literal('enqueue'),
  name: z.string().min(1).max(100),
  waitUrl: z.string().url().optional(),
  waitUrlMethod: z.enum(['GET', 'POST']).default('POST'),
  action: z.string().url().optional(),
  method: z.enum(['GET', 'POST']).default('POST'),
});

export const VerbSchema = z.discriminatedUnion('verb', [
  Say,
  Play,
  Pause,
  Hangup,
  Reject,
  Redirect,
  Gather,
  Record,
  Dial,
  Enqueue,
]);
export type Verb = z.infer<typeof VerbSchema>;
export type VerbName = Verb['verb'];
export const VerbDocumentSchema = z.array(VerbSchema).max(100);
