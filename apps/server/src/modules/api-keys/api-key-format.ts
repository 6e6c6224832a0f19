/**
 * An API key is `<id>.<secret>`, e.g. `key_01j….Zk3…`. The id is public (lists, Basic auth user name);
 * only the secret's hash is stored. HTTP Basic takes the id as user name and the secret as password.
 */
export function formatApiKey(id: string, secret: string): string {
  return `${id}.${secret}`;
}

export function parseApiKey(value: string): { id: string; secret: string } | null {
  const match = /^(key_[0-9a-z]{26})\.([A-Za-z0-9_-]{43})$/.exec(value);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export const looksLikeApiKey = (value: string) => value.startsWith('key_');
