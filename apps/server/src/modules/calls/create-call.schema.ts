import { z } from '@hono/zod-openapi';
import { AppError } from '../../platform/errors/app-error';
import { CALLBACK_EVENTS } from './call-status';

const Verbs = z
  .array(z.record(z.string(), z.unknown()))
  .min(1)
  .max(100)
  .openapi({ description: 'Inline verbs (JSON shape of the TwiML subset), instead of url' });

export const CreateCallSchema = z
  .object({
    to: z.string().regex(/^(\+\d{2,15}|sips?:.+)$/, 'an E.164 number or a SIP URI'),
    from: z.string().regex(/^\+?\d{2,15}$/, 'an E.164 number'),
    url: z.string().url().optional(),
    method: z.enum(['GET', 'POST']).default('POST'),
    verbs: Verbs.optional(),
    statusCallback: z.string().url().optional(),
    statusCallbackEvents: z.array(z.enum(CALLBACK_EVENTS)).default(['completed']),
    timeout: z.number().int().min(5).max(600).default(60),
    record: z.boolean().default(false),
  })
  .superRefine((input, context) => {
    if (!input.url === !input.verbs)
      context.addIssue({ code: 'custom', path: ['url'], message: 'give exactly one of url and verbs' });
  })
  .openapi('CreateCall');
export type CreateCall = z.infer<typeof CreateCallSchema>;

export const UpdateCallSchema = z
  .object({
    status: z.enum(['completed', 'canceled']).optional(),
    url: z.string().url().optional(),
    method: z.enum(['GET', 'POST']).default('POST'),
    verbs: Verbs.optional(),
  })
  .openapi('UpdateCall');
export type UpdateCall = z.infer<typeof UpdateCallSchema>;

/** Exactly one change per request; checked after the call is found, so another tenant's id is a 404. */
export function assertOneChange(input: UpdateCall) {
  const given = [input.status, input.url, input.verbs].filter((value) => value !== undefined).length;
  if (given !== 1)
    throw new AppError('validation_failed', 'Give exactly one of status, url and verbs', {
      details: { errors: [{ path: 'status', message: 'give exactly one of status, url and verbs' }] },
    });
}

/** What an API node tells the voice node holding a live call (over the bus: a lost one is retried by the client). */
export const CALL_CONTROL_SUBJECT = 'voice.control';
export type CallControl =
  | { callId: string; action: 'hangup' }
  | { callId: string; action: 'redirect'; url?: string; method?: 'GET' | 'POST'; verbs?: unknown[] };
