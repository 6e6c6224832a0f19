/** A token bucket: `capacity` tokens, refilled at `refillPerSecond`; a request costs one. */
export type Bucket = { capacity: number; refillPerSecond: number };

export type BucketState = {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until one token is available again (0 when one is). */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
};

export type RateLimitStore = {
  kind: 'memory' | 'redis';
  /** Takes `cost` tokens if available (cost 0 only looks). */
  take(key: string, bucket: Bucket, cost?: number): Promise<BucketState>;
  close(): Promise<void>;
};

export function describeBucket(tokens: number, bucket: Bucket, allowed: boolean): BucketState {
  const missing = Math.max(0, 1 - tokens);
  return {
    allowed,
    remaining: Math.floor(tokens),
    retryAfterSeconds: Math.ceil(missing / bucket.refillPerSecond),
    resetSeconds: Math.ceil((bucket.capacity - tokens) / bucket.refillPerSecond),
  };
}
