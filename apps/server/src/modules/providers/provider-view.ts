import { z } from '@hono/zod-openapi';
import { CHANNEL_KINDS, type ChannelKind } from '../../channels/channel';
import type { Encryptor } from '../../platform/crypto/encryption';
import { PROVIDER_META } from './provider-catalog-meta';
import { maskCredentials } from './provider-credentials';
import type { Counts24h } from './provider-health';
import type { ProviderInstanceRow } from './providers.schema';

export const ProviderHealthSchema = z
  .object({
    state: z.enum(['closed', 'open', 'half_open']),
    failures: z.number().int().openapi({ description: 'Consecutive retryable failures in the current run' }),
    openedAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastFailureAt: z.string().nullable(),
    lastErrorCode: z.string().nullable(),
    lastError: z.string().nullable().openapi({
      description: "The last error's text: tenant-owned instances only (null for the platform's)",
    }),
  })
  .openapi('ProviderHealth', {
    description: 'As seen by the node that answered: circuit breakers are per process, not cluster-wide',
  });

export const ProviderInstanceViewSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    provider: z.string(),
    displayName: z.string(),
    name: z.string(),
    owner: z.enum(['platform', 'tenant']),
    credentials: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'Tenant-owned only; secret fields show •••• and the last 4 characters' }),
    health: ProviderHealthSchema,
    last24h: z.object({ sent: z.number().int(), failed: z.number().int() }),
    createdAt: z.string().nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi('ProviderInstance');
export type ProviderInstanceView = z.infer<typeof ProviderInstanceViewSchema>;

export const displayNameOf = (kind: ChannelKind, provider: string) =>
  PROVIDER_META[kind][provider]?.displayName ?? provider;

/** A tenant's own instance as the API shows it: credentials decrypted, then every secret masked. */
export function tenantInstanceView(
  row: ProviderInstanceRow,
  encryptor: Encryptor,
  health: ProviderInstanceView['health'],
  counts: Counts24h | undefined,
): ProviderInstanceView {
  const kind = row.kind as ChannelKind;
  return {
    id: row.id,
    kind,
    provider: row.provider,
    displayName: displayNameOf(kind, row.provider),
    name: row.name,
    owner: 'tenant',
    credentials: maskCredentials(kind, row.provider, JSON.parse(encryptor.decrypt(row.credentialsEncrypted))),
    health,
    last24h: counts ?? { sent: 0, failed: 0 },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
