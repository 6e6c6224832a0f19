import type { Schemas } from '../api/client';

/** Where a role lands after signing in: agents work in the agent desktop, everyone else in the portal. */
export function landingPath(role: Schemas['Role']): string {
  return role === 'agent' ? '/agent' : '/portal';
}
