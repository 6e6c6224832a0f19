import { z } from 'zod';
import { CHANNEL_KINDS } from './channel';

/** One configured provider account: which module runs it, under which instance id, with what credentials. */
export const ProviderInstanceSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lowercase letters, digits, - and _')
    // Tenants' own instances are `t_…` (modules/providers): a platform id there could shadow one.
    .refine((id) => !id.startsWith('t_'), 't_ is reserved for tenant-owned instances'),
  kind: z.enum(CHANNEL_KINDS),
  provider: z.string().min(1),
  credentials: z.record(z.string(), z.unknown()).default({}),
});
export type ProviderInstance = z.infer<typeof ProviderInstanceSchema>;
