/** Shortest registration we accept: shorter ones get 423 with Min-Expires (RFC 3261 §10.3 step 7). */
export const MIN_EXPIRES = 60;
/** Longest we grant: a phone asking for more is told this in the 200 and must refresh sooner. */
export const MAX_EXPIRES = 3600;
const DEFAULT_EXPIRES = 3600;

/**
 * The expiry a REGISTER asks for one contact: its `expires` parameter, else the Expires header,
 * else the default; `undefined` when it is not a number.
 */
export function requestedExpiry(contactParam: string | null | undefined, header: string | undefined) {
  const value = contactParam ?? header;
  if (value === undefined || value === null) return DEFAULT_EXPIRES;
  const seconds = Number(value.trim());
  return Number.isInteger(seconds) && seconds >= 0 ? seconds : undefined;
}

/** The expiry granted: 0 removes; anything else is capped at MAX_EXPIRES. */
export const grantedExpiry = (requested: number) => Math.min(requested, MAX_EXPIRES);
