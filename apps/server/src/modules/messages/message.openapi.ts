import { z } from '@hono/zod-openapi';
import { MESSAGE_CHANNELS } from '../../channels/channel';
import { MESSAGE_STATUSES } from './message-status';

const Money = z.object({ amountMicros: z.number().int(), currency: z.string() });

export const MessageSchema = z
  .object({
    id: z.string(),
    channel: z.enum(MESSAGE_CHANNELS),
    direction: z.enum(['outbound', 'inbound']),
    status: z.string().openapi({ description: MESSAGE_STATUSES.join(' | ') }),
    from: z.string().nullable(),
    to: z.string(),
    body: z.string().nullable(),
    subject: z.string().nullable(),
    media: z.array(z.string()),
    template: z.record(z.string(), z.unknown()).nullable(),
    segments: z.number().int().nullable(),
    encoding: z.enum(['GSM-7', 'UCS-2']).nullable(),
    provider: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    price: Money.nullable(),
    metadata: z.record(z.string(), z.unknown()),
    statusCallback: z.string().nullable(),
    sendAt: z.string().nullable(),
    validUntil: z.string().nullable(),
    history: z.array(
      z.object({ status: z.string(), at: z.string(), source: z.string(), detail: z.string().optional() }),
    ),
    routing: z.array(
      z.object({
        at: z.string(),
        provider: z.string(),
        outcome: z.enum([
          'sent',
          'skipped_circuit_open',
          'skipped_rate_limited',
          'retryable_error',
          'permanent_error',
        ]),
        price: Money.nullable(),
        code: z.string().optional(),
        detail: z.string().optional(),
        attempt: z.number().int().optional(),
        retryAt: z
          .string()
          .optional()
          .openapi({ description: 'The provider asked to be left alone until then' }),
      }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Message');

export const UsageDaySchema = z
  .object({
    day: z.string(),
    channel: z.string(),
    direction: z.string(),
    messages: z.number().int(),
    segments: z.number().int(),
    cost: Money,
  })
  .openapi('UsageDay');
