import type { Context } from 'hono';

/**
 * The caller's address, from the socket. X-Forwarded-For is not trusted: a reverse proxy setup
 * would need an explicit trusted-proxy setting first.
 */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}
