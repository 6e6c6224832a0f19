import { z } from '@hono/zod-openapi';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database';
import type { TenantSettingsCache } from '../tenants/tenant-settings-cache';
import { type TenantSettings, tenants } from '../tenants/tenants.schema';

export const VoiceSettingsSchema = z
  .object({
    twilioSignature: z.boolean().openapi({
      description:
        'Also sign verb fetches, status callbacks and recording status callbacks with `X-Twilio-Signature` (apps moved from Twilio check it). The Standard Webhooks signature is always sent.',
    }),
    recordingRetentionDays: z.number().int().min(1).max(36_500).nullable().openapi({
      description:
        'Recordings older than this many days are deleted (object and row) daily; null keeps them.',
    }),
  })
  .openapi('VoiceSettings');
export type VoiceSettings = z.infer<typeof VoiceSettingsSchema>;

export const PutVoiceSettingsSchema = VoiceSettingsSchema.partial().openapi('PutVoiceSettings');

/** The voice part of a tenant's settings with its defaults: Twilio signatures on, recordings kept. */
export function voiceSettingsOf(settings: TenantSettings | undefined): VoiceSettings {
  return {
    twilioSignature: settings?.voice?.twilioSignature ?? true,
    recordingRetentionDays: settings?.voice?.recordingRetentionDays ?? null,
  };
}

/** The tenant's voice settings, through the settings cache (read on every verb fetch and callback). */
export async function readVoiceSettings(
  cache: TenantSettingsCache,
  tenantId: string,
): Promise<VoiceSettings> {
  return voiceSettingsOf((await cache.get(tenantId))?.settings);
}

/**
 * Merges `input` into the tenant's `settings.voice` in one statement, so a concurrent change to
 * another part of the settings (rate limits by a platform admin) is never overwritten. A null
 * retention removes the key (unset = keep recordings).
 */
export async function updateVoiceSettings(db: Db, tenantId: string, input: Partial<VoiceSettings>) {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  if (input.twilioSignature !== undefined) set.twilioSignature = input.twilioSignature;
  if (input.recordingRetentionDays !== undefined) {
    if (input.recordingRetentionDays === null) unset.push('recordingRetentionDays');
    else set.recordingRetentionDays = input.recordingRetentionDays;
  }
  const voice = sql`(coalesce(${tenants.settings} -> 'voice', '{}'::jsonb) || ${JSON.stringify(set)}::jsonb) - ${`{${unset.join(',')}}`}::text[]`;
  const [row] = await db
    .update(tenants)
    .set({ settings: sql`jsonb_set(${tenants.settings}, '{voice}', ${voice})`, updatedAt: new Date() })
    .where(eq(tenants.id, tenantId))
    .returning({ settings: tenants.settings });
  return voiceSettingsOf(row?.settings);
}
