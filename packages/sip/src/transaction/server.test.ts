import { describe, expect, it } from 'vitest';
import { createNon2xxAck, createResponse } from '../message/build';
import type { SipResponse } from '../parser/types';
import { createInviteServerTransaction } from './invite-server';
import { createNonInviteServerTransaction } from './non-invite-server';
import { createTestEnv, createTestRequest } from './test-env';

const statuses = (env: ReturnType<typeof createTestEnv>) => env.sent.map((m) => (m as SipResponse).status);

describe('INVITE server transaction (RFC 3261 §17.2.1)', () => {
  it('sends 100 Trying when the TU is silent for 200 ms, and only then', () => {
    const env = createTestEnv();
    createInviteServerTransaction(createTestRequest('INVITE'), env);
    env.clock.advance(199);
    expect(env.sent).toHaveLength(0);
    env.clock.advance(1);
    expect(statuses(env)).toEqual([100]);

    const quick = createTestEnv();
    const request = createTestRequest('INVITE');
    createInviteServerTransaction(request, quick).respond(createResponse(request, 180));
    quick.clock.advance(1000);
    expect(statuses(quick)).toEqual([180]);
  });

  it('answers INVITE retransmissions with the last provisional', () => {
    const env = createTestEnv();
    const request = createTestRequest('INVITE');
    const tx = createInviteServerTransaction(request, env);
    tx.respond(createResponse(request, 180));
    tx.receive(request);
    expect(statuses(env)).toEqual([180, 180]);
  });

  it('Timer G retransmits a non-2xx final until ACK; Timer I then ends it', () => {
    const env = createTestEnv();
    const request = createTestRequest('INVITE');
    const tx = createInviteServerTransaction(request, env);
    const busy = createResponse(request, 486);
    tx.respond(busy);
    env.clock.advance(11_500);
    expect(statuses(env)).toEqual([486, 486, 486, 486, 486, 486]);
    tx.receive(createNon2xxAck(request, busy));
    expect(tx.state).toBe('confirmed');
    env.clock.advance(4_999);
    expect(tx.state).toBe('confirmed');
    env.clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(env.sent).toHaveLength(6);
  });

  it('Timer H gives up waiting for the ACK after 64*T1', () => {
    const env = createTestEnv(true);
    const request = createTestRequest('INVITE');
    let timedOut = false;
    const tx = createInviteServerTransaction(request, env, { onAckTimeout: () => (timedOut = true) });
    tx.respond(createResponse(request, 500));
    env.clock.advance(31_999);
    expect(statuses(env)).toEqual([500]);
    env.clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(timedOut).toBe(true);
  });

  it('Timer I is zero on reliable transports', () => {
    const env = createTestEnv(true);
    const request = createTestRequest('INVITE');
    const tx = createInviteServerTransaction(request, env);
    const busy = createResponse(request, 486);
    tx.respond(busy);
    tx.receive(createNon2xxAck(request, busy));
    env.clock.advance(0);
    expect(tx.state).toBe('terminated');
  });

  it('retransmits a 2xx until its ACK, and Timer L ends the Accepted state', () => {
    const env = createTestEnv();
    const request = createTestRequest('INVITE');
    const tx = createInviteServerTransaction(request, env);
    tx.respond(createResponse(request, 200));
    expect(tx.state).toBe('accepted');
    env.clock.advance(1_500);
    expect(statuses(env)).toEqual([200, 200, 200]);
    tx.acknowledge2xx();
    env.clock.advance(30_499);
    expect(env.sent).toHaveLength(3);
    expect(tx.state).toBe('accepted');
    env.clock.advance(1);
    expect(tx.state).toBe('terminated');
    expect(() => tx.respond(createResponse(request, 200))).toThrow();
  });
});

describe('non-INVITE server transaction (RFC 3261 §17.2.2)', () => {
  it('absorbs retransmissions in Trying and repeats the last response afterwards', () => {
    const env = createTestEnv();
    const request = createTestRequest('OPTIONS');
    const tx = createNonInviteServerTransaction(request, env);
    tx.receive(request);
    expect(env.sent).toHaveLength(0);
    tx.respond(createResponse(request, 200));
    tx.receive(request);
    expect(statuses(env)).toEqual([200, 200]);
  });

  it('Timer J keeps Completed for 64*T1 on UDP and ends at once on reliable transports', () => {
    for (const [reliable, wait] of [
      [false, 32_000],
      [true, 0],
    ] as const) {
      const env = createTestEnv(reliable);
      const request = createTestRequest('REGISTER');
      const tx = createNonInviteServerTransaction(request, env);
      tx.respond(createResponse(request, 200));
      env.clock.advance(Math.max(0, wait - 1));
      if (wait > 0) expect(tx.state).toBe('completed');
      env.clock.advance(1);
      expect(tx.state).toBe('terminated');
    }
  });
});
