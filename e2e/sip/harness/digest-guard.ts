import { createDigestAuthenticator, type IncomingRequest } from '@iris/sip';

export type Users = Record<string, string>;

/**
 * Digest for the harness (RFC 3261 §22.2, as a UAS/registrar: 401 + WWW-Authenticate). Returns the
 * authenticated user, or undefined after answering: 401 to ask (again) for credentials, 403 for a
 * wrong password or unknown user, so a client that keeps answering wrongly is not looped.
 */
export function createDigestGuard(realm: string, users: Users) {
  const authenticator = createDigestAuthenticator({ realm });
  return async (incoming: IncomingRequest): Promise<string | undefined> => {
    const verdict = await authenticator.verify(incoming.request, (username) => {
      const password = users[username];
      return password === undefined ? undefined : { password };
    });
    if (verdict.ok) return verdict.username;
    if (verdict.reason === 'missing' || verdict.stale) {
      incoming.reply(401, 'Unauthorized', {
        'WWW-Authenticate': authenticator.challenge({ stale: verdict.stale }),
      });
    } else {
      incoming.reply(403, 'Forbidden');
    }
    return undefined;
  };
}
