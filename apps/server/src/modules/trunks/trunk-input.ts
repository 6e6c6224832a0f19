import { z } from '@hono/zod-openapi';
import type { Encryptor } from '../../platform/crypto/encryption';
import { newId } from '../../platform/db/ids';
import { TRUNK_PRESET_NAMES, TRUNK_PRESETS } from './trunk-presets';
import type { voiceTrunks } from './trunks.schema';

export const CreateTrunkSchema = z
  .object({
    name: z.string().min(1).max(100),
    preset: z.enum(TRUNK_PRESET_NAMES).default('generic'),
    host: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, 'a host name or IPv4 address')
      .optional(),
    port: z.number().int().min(1).max(65535).optional(),
    transport: z.enum(['udp', 'tcp']).optional(),
    auth: z.enum(['ip', 'digest']).default('ip'),
    username: z.string().min(1).max(100).optional(),
    password: z.string().min(1).max(200).optional(),
    codecs: z
      .array(z.enum(['PCMU', 'PCMA', 'G722', 'opus']))
      .min(1)
      .optional(),
    cpsLimit: z.number().int().min(1).max(1000).default(1),
    prefixes: z
      .array(z.string().regex(/^\+\d{0,15}$/, 'must be + and digits'))
      .min(1)
      .max(100)
      .default(['+']),
    costPerMinute: z
      .object({ amountMicros: z.number().int().min(0), currency: z.string().length(3) })
      .default({ amountMicros: 0, currency: 'USD' }),
    /** REGISTER to the carrier with digest auth; username/password default to the trunk's digest ones. */
    registration: z
      .object({
        enabled: z.boolean().default(true),
        username: z.string().min(1).max(100).optional(),
        password: z.string().min(1).max(200).optional(),
        /** host or host:port of the registrar; default the trunk's host and port. */
        registrar: z
          .string()
          .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'host or host:port')
          .optional(),
        expires: z.number().int().min(30).max(86_400).default(3600),
      })
      .optional(),
  })
  .superRefine((input, context) => {
    if (!input.host && !TRUNK_PRESETS[input.preset].host)
      context.addIssue({
        code: 'custom',
        path: ['host'],
        message: `is required for the ${input.preset} preset`,
      });
    if (input.auth === 'digest' && (!input.username || !input.password))
      context.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'digest auth needs username and password',
      });
    const registration = input.registration;
    if (
      registration?.enabled &&
      !(registration.username ?? input.username) !== !(registration.password ?? input.password)
    )
      context.addIssue({
        code: 'custom',
        path: ['registration', 'password'],
        message: 'registration needs both a username and a password (its own or the trunk’s)',
      });
    if (registration?.enabled && !(registration.username ?? input.username))
      context.addIssue({
        code: 'custom',
        path: ['registration', 'username'],
        message: 'registration needs a username (its own or the trunk’s)',
      });
  })
  .openapi('CreateVoiceTrunk');
export type CreateTrunkInput = z.infer<typeof CreateTrunkSchema>;

/** The row of a new trunk (a tenant's, or a platform trunk with `tenantId: null`); the password encrypted. */
export function trunkValues(
  encryptor: Encryptor,
  input: CreateTrunkInput,
): Omit<typeof voiceTrunks.$inferInsert, 'tenantId'> {
  const preset = TRUNK_PRESETS[input.preset];
  return {
    id: newId('trk'),
    name: input.name,
    preset: input.preset,
    host: (input.host ?? preset.host)!,
    port: input.port ?? preset.port,
    transport: input.transport ?? preset.transport,
    auth: input.auth,
    username: input.username ?? null,
    passwordEncrypted: input.password ? encryptor.encrypt(input.password) : null,
    codecs: input.codecs ?? [...preset.codecs],
    cpsLimit: input.cpsLimit,
    prefixes: input.prefixes,
    costPerMinuteMicros: input.costPerMinute.amountMicros,
    currency: input.costPerMinute.currency.toUpperCase(),
    registration: input.registration
      ? {
          enabled: input.registration.enabled,
          username: input.registration.username ?? null,
          registrar: input.registration.registrar ?? null,
          expires: input.registration.expires,
        }
      : null,
    registrationPasswordEncrypted: input.registration?.password
      ? encryptor.encrypt(input.registration.password)
      : null,
  };
}
