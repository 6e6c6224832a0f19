import { z } from '@hono/zod-openapi';
import type { EventData } from '../events/event-catalog';
import { CALL_STATUSES } from './call-status';
import type { CallRow } from './calls.schema';

const Money = z.object({ amountMicros: z.number().int(), currency: z.string() });

export const CallSchema = z
  .object({
    id: z.string(),
    parentCallId: z.string().nullable(),
    direction: z.enum(['outbound-api', 'outbound-dial', 'inbound']),
    status: z.enum(CALL_STATUSES),
    from: z.string(),
    to: z.string(),
    trunkId: z.string().nullable(),
    attempts: z.array(
      z.object({ trunkId: z.string(), sipCode: z.number().int().nullable(), at: z.string() }),
    ),
    history: z.array(z.object({ status: z.string(), at: z.string(), detail: z.string().optional() })),
    startedAt: z.string().nullable(),
    answeredAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    durationSeconds: z.number().int().nullable(),
    billableSeconds: z.number().int().nullable(),
    price: Money.nullable(),
    hangupCause: z
      .object({
        sipCode: z.number().int().nullable(),
        q850: z.number().int().nullable(),
        by: z.string().nullable(),
      })
      .nullable(),
    errorCode: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Call');
export type CallResource = z.infer<typeof CallSchema>;

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** A call leg as the API shows it; a finished leg is its CDR. */
export function callResource(row: CallRow): CallResource {
  return {
    id: row.id,
    parentCallId: row.parentCallId,
    direction: row.direction as CallResource['direction'],
    status: row.status as CallResource['status'],
    from: row.from,
    to: row.to,
    trunkId: row.trunkId,
    attempts: row.attempts,
    history: row.history,
    startedAt: iso(row.startedAt),
    answeredAt: iso(row.answeredAt),
    endedAt: iso(row.endedAt),
    durationSeconds: row.durationSeconds,
    billableSeconds: row.billableSeconds,
    price: row.costMicros === null ? null : { amountMicros: row.costMicros, currency: row.currency ?? 'USD' },
    hangupCause: row.endedAt ? { sipCode: row.hangupSipCode, q850: row.hangupQ850, by: row.hangupBy } : null,
    errorCode: row.errorCode,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The `call.*` event payload (the catalog's shape). */
export function callEventData(row: CallRow): EventData<'call.completed'> {
  return {
    call: {
      id: row.id,
      direction: row.direction === 'inbound' ? 'inbound' : 'outbound',
      from: row.from,
      to: row.to,
      status: row.status,
      durationSeconds: row.durationSeconds,
      errorCode: row.errorCode,
      price:
        row.costMicros === null ? null : { amountMicros: row.costMicros, currency: row.currency ?? 'USD' },
      startedAt: iso(row.startedAt),
      answeredAt: iso(row.answeredAt),
      endedAt: iso(row.endedAt),
    },
  };
}
