import { z } from '@hono/zod-openapi';
import type { TrunkRegistrationRow } from './trunk-registrations.schema';
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
    /** Digest registration to the carrier; state, expiresAt and lastError are given when reading one trunk. */
    registration: z
      .object({
        enabled: z.boolean(),
        username: z.string().nullable(),
        registrar: z.string().nullable(),
        expires: z.number().int(),
        state: z.enum(['pending', 'registering', 'registered', 'failed', 'unregistered']).nullable(),
        expiresAt: z.string().nullable(),
        lastError: z.string().nullable(),
      })
      .nullable(),
    createdAt: z.string(),
  })
  .openapi('VoiceTrunk');

type TrunkView = z.infer<typeof TrunkSchema>;

/** The API shape of a trunk: never its passwords. `state`: its registration row, when read. */
export const trunkView = (
  row: typeof voiceTrunks.$inferSelect,
  state?: TrunkRegistrationRow | null,
): TrunkView => ({
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
  registration: row.registration
    ? {
        ...row.registration,
        username: row.registration.username ?? row.username,
        // No row yet: no voice node has taken the trunk (none running, or not yet ticked).
        state:
          state === undefined
            ? null
            : ((state?.state ?? 'pending') as NonNullable<TrunkView['registration']>['state']),
        expiresAt: state?.expiresAt?.toISOString() ?? null,
        lastError: state?.lastError ?? null,
      }
    : null,
  createdAt: row.createdAt.toISOString(),
});
