import { describe, expect, it } from 'vitest';
import { createHostSelector, formatNgHost, parseNgHost } from './ng-hosts.js';

describe('parseNgHost', () => {
  it('reads host:port and [v6]:port', () => {
    expect(parseNgHost('127.0.0.1:2223')).toEqual({ address: '127.0.0.1', port: 2223 });
    expect(parseNgHost('rtpengine.internal:22222')).toEqual({ address: 'rtpengine.internal', port: 22222 });
    expect(parseNgHost('[::1]:2223')).toEqual({ address: '::1', port: 2223 });
  });

  it.each(['127.0.0.1', '127.0.0.1:0', '127.0.0.1:70000', '::1:2223', ':2223', 'host:port'])(
    'refuses %j',
    (text) => {
      expect(() => parseNgHost(text)).toThrow(/host:port/);
    },
  );

  it('formats back to the same text', () => {
    expect(formatNgHost(parseNgHost('[::1]:2223'))).toBe('[::1]:2223');
    expect(formatNgHost(parseNgHost('10.0.0.1:9'))).toBe('10.0.0.1:9');
  });
});

describe('createHostSelector', () => {
  const hosts = [1, 2, 3, 4].map((n) => ({ address: `10.0.0.${n}`, port: 2223 }));

  it('hashes a call-id to the same host every time and in every process', () => {
    const selector = createHostSelector(hosts, 'call-id-hash');
    const again = createHostSelector(hosts, 'call-id-hash');
    for (let i = 0; i < 50; i += 1) {
      expect(selector.forCall(`c${i}`, true)).toBe(selector.forCall(`c${i}`, false));
      expect(again.forCall(`c${i}`, true)).toEqual(selector.forCall(`c${i}`, true));
    }
    const used = new Set(Array.from({ length: 200 }, (_, i) => selector.forCall(`call-${i}`, true)));
    expect(used.size).toBe(4);
  });

  it('falls back to the hash for calls round-robin has not seen, and forgets deleted calls', () => {
    const selector = createHostSelector(hosts, 'round-robin');
    const hashed = createHostSelector(hosts, 'call-id-hash');
    expect(selector.forCall('unknown', false)).toBe(hashed.forCall('unknown', false));
    const assigned = [selector.forCall('x', true), selector.forCall('y', true)];
    expect(assigned).toEqual([hosts[0], hosts[1]]);
    selector.forget('y');
    expect(selector.forCall('y', false)).toBe(hashed.forCall('y', false));
  });

  it('needs at least one host', () => {
    expect(() => createHostSelector([], 'call-id-hash')).toThrow();
  });
});
