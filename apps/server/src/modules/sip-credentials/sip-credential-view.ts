import { z } from '@hono/zod-openapi';
import type { SipCredentialRow } from './sip-credentials.schema';
import { SIP_REALM } from './sip-digest';

export const SipCredentialSchema = z
  .object({
    id: z.string(),
    username: z.string().openapi({ description: 'The extension a phone registers as' }),
    authUsername: z.string().openapi({ description: 'Digest user name: `<username>@<tenantId>`' }),
    realm: z.string(),
    identity: z.string().openapi({ description: 'What `<Client>` dials' }),
    userId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('SipCredential');

/** The API shape of a credential: never its HA1. */
export const sipCredentialView = (row: SipCredentialRow): z.infer<typeof SipCredentialSchema> => ({
  id: row.id,
  username: row.username,
  authUsername: row.authUsername,
  realm: SIP_REALM,
  identity: row.identity,
  userId: row.userId,
  createdAt: row.createdAt.toISOString(),
});
