import { z } from '@hono/zod-openapi';
import type { voiceTrunks } from './trunks.schema';

export const TrunkSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    preset: z.string(),
    host: z.string(),
    port: z.number().int(),
    transport: z.string(),
    auth: z.enum(['ip', 'digest']),
    username: z.string().nullable(),
    codecs: z.array(z.string()),
    cpsLimit: z.number().int(),
    prefixes: z.array(z.string()),
    costPerMinute: z.object({ amountMicros: z.number().int(), currency: z.string() }),
    createdAt: z.string(),
  })
  .openapi('VoiceTrunk');

/** The API shape of a trunk: never its password. */
export const trunkView = (row: typeof voiceTrunks.$inferSelect): z.infer<typeof TrunkSchema> => ({
  id: row.id,
  name: row.name,
  preset: row.preset,
  host: row.host,
  port: row.port,
  transport: row.transport,
  auth: row.auth as 'ip' | 'digest',
  username: row.username,
  codecs: row.codecs,
  cpsLimit: row.cpsLimit,
  prefixes: row.prefixes,
  costPerMinute: { amountMicros: row.costPerMinuteMicros, currency: row.currency },
  createdAt: row.createdAt.toISOString(),
});
