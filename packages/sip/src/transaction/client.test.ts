import { describe, expect, it } from 'vitest';
import { createResponse } from '../message/build';
import { getCSeq, getTo } from '../message/headers';
import { createInviteClientTransaction } from './invite-client';
import { createNonInviteClientTransaction } from './non-invite-client';
import { createTestEnv, createTestRequest, flush } from './test-env';

const times = (env: ReturnType<typeof createTestEnv>, until: number, step = 250) => {
  const at: number[] = [];
  let count = env.sent.length;
  while (env.clock.now() < until) {
    env.clock.advance(step);
    if (env.sent.length > count) at.push(env.clock.now());
    count = env.sent.length;
  }
  return at;
};

describe('INVITE client transaction (RFC 3261 §17.1.1)', () => {
  it('Timer A retransmits at T1 doubling, Timer B times out after 64*T1 with a 408', async () => {
    const env = createTestEnv();
    const tx = createInviteClientTransaction(createTestRequest('INVITE'), env);
    expect(env.sent).toHaveLength(1);
    expect(times(env, 31_750)).toEqual([500, 1500, 3500, 7500, 15500, 31500]);
    expect(tx.state).toBe('calling');
    env.clock.advance(250);
    expect(tx.state).toBe('terminated');
    expect((await tx.response).status).toBe(408);
    expect(env.terminated()).toBe(true);
  });

  it('does not retransmit over reliable transports but still applies Timer B', async () => {
    const env = createTestEnv(true);
    const tx = createInviteClientTransaction(createTestRequest('INVITE'), env);
    env.clock.advance(31_999);
    expect(env.sent).toHaveLength(1);
    env.clock.advance(1);
    expect((await tx.response).status).toBe(408);
  });

  it('a provisional response stops Timers A and B', () => {
    const env = createTestEnv();
    const request = createTestRequest('INVITE');
    const tx = createInviteClientTransaction(request, env);
    const seen: number[] = [];
    tx.onProvisional((r) => seen.push(r.status));
    tx.receive(createResponse(request, 180));
    env.clock.advance(60_000);
    expect(seen).toEqual([180]);
    expect(env.sent).toHaveLength(1);
    expect(tx.state).toBe('proceeding');
  });

  it('ACKs a non-2xx final itself, re-ACKs retransmissions, and Timer D ends it', async () => {
    const env = createTestEnv();
    const request = createTestRequest('INVITE');
    const tx = createInviteClientTransaction(request, env);
    const busy = createResponse(request, 486);
    tx.receive(busy);
    expect((await tx.response).status).toBe(486);
    const ack = env.sent[1];
    expect(ack?.kind === 'request' && ack.method).toBe('ACK');
    expect(ack && getCSeq(ack)).toEqual({ seq: 1, method: 'ACK' });
    expect(ack && getTo(ack).params.tag).toBe(getTo(busy).params.tag);
    tx.receive(busy);
    expect(env.sent).toHaveLength(3);
    env.clock.advance(31_999);
    expect(tx.state).toBe('completed');
    env.clock.advance(1);
    expect(tx.state).toBe('terminated');
  });

  it('Timer D is zero on reliable transports', () => {
    const env = createTestEnv(true);
    const request = createTestRequest('INVITE');
    const tx = createInviteClientTransaction(request, env);
    tx.receive(createResponse(request, 603));
    env.clock.advance(0);
    expect(tx.state).toBe('terminated');
  });

  it('on 2xx enters Accepted, passes on further 2xx, and Timer M ends it', async () => {
    const env = createTestEnv();
    const request = createTestRequest('INVITE');
    const tx = createInviteClientTransaction(request, env);
    const extra: number[] = [];
    tx.onAdditional2xx((r) => extra.push(r.status));
    const ok = createResponse(request, 200);
    tx.receive(ok);
    tx.receive(ok);
    expect((await tx.response).status).toBe(200);
    expect(extra).toEqual([200]);
    expect(tx.state).toBe('accepted');
    env.clock.advance(32_000);
    expect(tx.state).toBe('terminated');
  });

  it('reports a transport failure as 503', async () => {
    const env = createTestEnv();
    env.failSends(true);
    const tx = createInviteClientTransaction(createTestRequest('INVITE'), env);
    await flush();
    expect((await tx.response).status).toBe(503);
    expect(tx.state).toBe('terminated');
  });
});

describe('non-INVITE client transaction (RFC 3261 §17.1.2)', () => {
  it('Timer E doubles up to T2, Timer F times out after 64*T1', async () => {
    const env = createTestEnv();
    const tx = createNonInviteClientTransaction(createTestRequest('OPTIONS'), env);
    expect(times(env, 16_000)).toEqual([500, 1500, 3500, 7500, 11500, 15500]);
    env.clock.advance(16_000);
    expect((await tx.response).status).toBe(408);
    expect(tx.state).toBe('terminated');
  });

  it('retransmits every T2 once a provisional arrived', () => {
    const env = createTestEnv();
    const request = createTestRequest('OPTIONS');
    const tx = createNonInviteClientTransaction(request, env);
    tx.receive(createResponse(request, 100));
    expect(tx.state).toBe('proceeding');
    expect(times(env, 9_000)).toEqual([500, 4500, 8500]);
  });

  it('Timer K absorbs retransmissions for T4, or not at all on reliable transports', async () => {
    for (const [reliable, wait] of [
      [false, 5000],
      [true, 0],
    ] as const) {
      const env = createTestEnv(reliable);
      const request = createTestRequest('OPTIONS');
      const tx = createNonInviteClientTransaction(request, env);
      tx.receive(createResponse(request, 200));
      expect((await tx.response).status).toBe(200);
      expect(tx.state).toBe('completed');
      env.clock.advance(wait);
      expect(tx.state).toBe('terminated');
    }
  });
});

describe('client transaction termination', () => {
  it('resolves a pending request with 503 when terminated early (stack shutdown)', async () => {
    const env = createTestEnv();
    const tx = createNonInviteClientTransaction(createTestRequest('OPTIONS'), env);
    tx.terminate();
    expect((await tx.response).status).toBe(503);
    expect(env.clock.pending()).toBe(0);
  });
});
