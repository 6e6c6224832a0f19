import type { Principal } from '../../platform/auth/principal';
import { AppError } from '../../platform/errors/app-error';
import type { Actor } from './conversation-hooks';

export function actorOfPrincipal(principal: Principal): Actor {
  return principal.kind === 'user'
    ? { type: 'user', id: principal.userId }
    : { type: 'api_key', id: principal.keyId };
}

/** The agent behind the call: per-agent things (read marks, "me") need a user, not an API key. */
export function userIdOf(principal: Principal): string | null {
  return principal.kind === 'user' ? principal.userId : null;
}

export function requireUser(principal: Principal, what: string): string {
  const userId = userIdOf(principal);
  if (!userId) throw new AppError('forbidden', `${what} is per agent: call it with a user's access token`);
  return userId;
}
