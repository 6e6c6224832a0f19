import { randomBytes } from 'node:crypto';

/** RFC 3261 §8.1.1.7: branches start with the magic cookie so peers can match transactions by them. */
export const MAGIC_COOKIE = 'z9hG4bK';

const token = (bytes: number): string => randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x');

export const createBranch = (): string => `${MAGIC_COOKIE}${token(12)}`;
export const createTag = (): string => token(8);
export const createCallId = (host?: string): string => (host ? `${token(16)}@${host}` : token(16));
