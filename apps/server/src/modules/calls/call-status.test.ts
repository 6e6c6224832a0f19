import { describe, expect, it } from 'vitest';
import { CALL_STATUSES, callbackEventOf, canTransitionCall, isTerminalCall } from './call-status';

describe('call state machine', () => {
  it('moves forward through a normal call', () => {
    expect(canTransitionCall('queued', 'initiated')).toBe(true);
    expect(canTransitionCall('initiated', 'ringing')).toBe(true);
    expect(canTransitionCall('ringing', 'in-progress')).toBe(true);
    expect(canTransitionCall('in-progress', 'completed')).toBe(true);
  });

  it('allows an answer without ringing and ends before the answer', () => {
    expect(canTransitionCall('initiated', 'in-progress')).toBe(true);
    for (const end of ['busy', 'failed', 'no-answer', 'canceled'] as const) {
      expect(canTransitionCall('ringing', end)).toBe(true);
      expect(canTransitionCall('queued', end)).toBe(true);
    }
  });

  it('never moves backwards or out of an end state', () => {
    expect(canTransitionCall('in-progress', 'ringing')).toBe(false);
    expect(canTransitionCall('ringing', 'initiated')).toBe(false);
    expect(canTransitionCall('in-progress', 'busy')).toBe(false);
    for (const end of CALL_STATUSES.filter(isTerminalCall))
      for (const to of CALL_STATUSES) expect(canTransitionCall(end, to)).toBe(false);
  });

  it('maps statuses to Twilio callback events', () => {
    expect(callbackEventOf('queued')).toBeUndefined();
    expect(callbackEventOf('initiated')).toBe('initiated');
    expect(callbackEventOf('ringing')).toBe('ringing');
    expect(callbackEventOf('in-progress')).toBe('answered');
    expect(callbackEventOf('busy')).toBe('completed');
    expect(callbackEventOf('completed')).toBe('completed');
  });
});
