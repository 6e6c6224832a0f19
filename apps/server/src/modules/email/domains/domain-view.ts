import { z } from '@hono/zod-openapi';
import type { emailDomains } from '../email.schema';
import { expectedRecords } from './check-domain-dns';

const RecordSchema = z.object({
  type: z.enum(['TXT', 'MX']),
  host: z.string(),
  value: z.string(),
});
const CheckSchema = z.object({
  status: z.enum(['valid', 'warning', 'invalid']),
  expected: RecordSchema,
  found: z.array(z.string()),
  fix: z.string().nullable(),
});

export const DomainSchema = z
  .object({
    id: z.string(),
    domain: z.string(),
    status: z.enum(['pending', 'verified', 'failed']),
    inbound: z.boolean(),
    senderId: z.string(),
    dkimSelector: z.string(),
    records: z
      .object({ spf: RecordSchema, dkim: RecordSchema, dmarc: RecordSchema, mx: RecordSchema })
      .openapi({ description: 'The DNS records to publish' }),
    checks: z
      .object({ spf: CheckSchema, dkim: CheckSchema, dmarc: CheckSchema, mx: CheckSchema })
      .nullable()
      .openapi({ description: 'The last check: null until the first POST /verify' }),
    checkedAt: z.string().nullable(),
    verifiedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('EmailDomain');

type Row = typeof emailDomains.$inferSelect;

export function domainView(row: Row, options: { spfInclude?: string; inboundMx?: string }) {
  return {
    id: row.id,
    domain: row.domain,
    status: row.status,
    inbound: row.inbound,
    senderId: row.senderId,
    dkimSelector: row.dkimSelector,
    records: expectedRecords(row, options),
    checks: row.checks ?? null,
    checkedAt: row.checkedAt?.toISOString() ?? null,
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
