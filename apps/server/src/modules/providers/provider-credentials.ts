import type { ChannelKind } from '../../channels/channel';
import { AppError } from '../../platform/errors/app-error';
import { findProviderModule, secretFieldsOf } from './provider-catalog';

export type Credentials = Record<string, unknown>;

const MASK = '••••';

/** A secret as answers show it: `••••` and its last four characters (only `••••` when short). */
export function maskSecret(value: unknown): string {
  if (typeof value !== 'string' || value.length < 12) return MASK;
  return MASK + value.slice(-4);
}

/** The credentials with every secret field masked (secrets are write-only). */
export function maskCredentials(kind: ChannelKind, provider: string, credentials: Credentials): Credentials {
  const secrets = new Set(secretFieldsOf(kind, provider));
  return Object.fromEntries(
    Object.entries(credentials).map(([field, value]) => [
      field,
      secrets.has(field) ? maskSecret(value) : value,
    ]),
  );
}

/**
 * An update's credentials over the stored ones: a secret left out, or sent back masked as the API
 * showed it, keeps its stored value; `null` removes an optional field.
 */
export function mergeCredentials(
  kind: ChannelKind,
  provider: string,
  stored: Credentials,
  update: Credentials,
): Credentials {
  const secrets = new Set(secretFieldsOf(kind, provider));
  const merged: Credentials = { ...stored };
  for (const [field, value] of Object.entries(update)) {
    if (secrets.has(field) && typeof value === 'string' && value.startsWith(MASK)) continue;
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}

/** Validates credentials with the provider's own schema; a problem names each bad field. */
export function parseCredentials(kind: ChannelKind, provider: string, credentials: Credentials): Credentials {
  const module = findProviderModule(kind, provider);
  if (!module || provider === 'sandbox')
    throw new AppError('validation_failed', `provider: no ${kind} provider "${provider}" a tenant can add`, {
      details: {
        errors: [{ path: 'provider', message: `no ${kind} provider "${provider}" a tenant can add` }],
      },
    });
  const parsed = module.credentialsSchema.safeParse(credentials);
  if (parsed.success) return parsed.data as Credentials;
  const errors = parsed.error.issues.map((issue) => ({
    path: ['credentials', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; '), {
    details: { errors },
  });
}
