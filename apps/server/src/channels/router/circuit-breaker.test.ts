import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker';

describe('circuit breaker', () => {
  const setup = () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now });
    return { breaker, advance: (ms: number) => (now += ms) };
  };

  it('opens after N consecutive retryable failures, not after N-1 or interrupted ones', () => {
    const { breaker } = setup();
    breaker.onFailure();
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state()).toBe('closed');
    breaker.onFailure();
    expect(breaker.state()).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('lets exactly one probe through after the cool-down; success closes it', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.state()).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.onSuccess();
    expect(breaker.state()).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('reopens for another cool-down when the probe fails', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    advance(1000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.state()).toBe('open');
    advance(500);
    expect(breaker.tryAcquire()).toBe(false);
    advance(500);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('counts only consecutive retryable failures: a permanent error (an answer) ends the run', () => {
    const { breaker } = setup();
    breaker.onFailure();
    breaker.onFailure();
    breaker.onNeutral();
    breaker.onFailure();
    breaker.onFailure();
    expect(breaker.state()).toBe('closed');
  });

  it('closes after a probe that met a permanent error (the provider answered)', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.onFailure();
    advance(1000);
    breaker.tryAcquire();
    breaker.onNeutral();
    expect(breaker.state()).toBe('closed');
  });
});
