import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { inviteAgent } from '../assignment/test-agents';
import { connectRealtime } from '../realtime/realtime-test-client';
import { SLA_SCAN } from './scan-sla-breaches.job';

describe.each(databaseKinds())('SLA policies and report on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let phone: string;
  let n = 0;

  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Sla Co');
    const numbers = (await t.request('/v1/numbers', { token: admin.token })).body.data;
    phone = numbers.find((x: { kind: string }) => x.kind === 'phone_number').address;
  }, 120_000);
  afterAll(() => t?.close());

  it('validates and manages policies', async () => {
    const bad = await t.request('/v1/sla-policies', {
      token: admin.token,
      body: { name: 'x', timeZone: 'Mars/Olympus', businessHours: [{ day: 9, start: '25:00', end: '1' }] },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'businessHours.0.day',
      'businessHours.0.end',
      'businessHours.0.start',
      'timeZone',
    ]);
    const made = await t.request('/v1/sla-policies', {
      token: admin.token,
      body: { name: 'Temp', timeZone: 'Asia/Tokyo', holidays: ['2027-01-01'] },
    });
    expect(made.body).toMatchObject({
      name: 'Temp',
      timeZone: 'Asia/Tokyo',
      businessHours: [],
      isDefault: false,
    });
    const changed = await t.request(`/v1/sla-policies/${made.body.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { firstResponseMinutes: 5 },
    });
    expect(changed.body).toMatchObject({
      firstResponseMinutes: 5,
      timeZone: 'Asia/Tokyo',
      holidays: ['2027-01-01'],
    });
    expect((await t.request('/v1/sla-policies', { token: admin.token })).body.data).toHaveLength(1);
    expect(
      (await t.request(`/v1/sla-policies/${made.body.id}`, { method: 'DELETE', token: admin.token })).status,
    ).toBe(204);
    expect((await t.request(`/v1/sla-policies/${made.body.id}`, { token: admin.token })).status).toBe(404);
  });

  it('starts clocks on new conversations, stops them on replies, breaches the rest, and reports % met per agent and team', async () => {
    const agent = await inviteAgent(t, admin.token, 'sla.agent@sla.test');
    const policy = await t.request('/v1/sla-policies', {
      token: admin.token,
      body: { name: 'Around the clock', firstResponseMinutes: 5, nextResponseMinutes: 10 },
    });
    const team = await t.request('/v1/teams', {
      token: admin.token,
      body: {
        name: 'Support',
        assignmentMode: 'round_robin',
        channels: ['sms'],
        slaPolicyId: policy.body.id,
      },
    });
    await t.request(`/v1/teams/${team.body.id}/members/${agent.userId}`, {
      method: 'PUT',
      token: admin.token,
      body: {},
    });
    const socket = await connectRealtime(t.url, agent.token);
    await socket.next((f) => f.type === 'presence.snapshot');

    const start = Date.now();
    const ids: string[] = [];
    for (const body of ['answered', 'ignored']) {
      const sent = await t.request('/v1/sandbox/inbound', {
        token: admin.token,
        body: { channel: 'sms', from: `+1415557${String(2000 + ++n)}`, to: phone, body },
      });
      // conversation.created precedes the routing to the team, so the agent first sees it assigned.
      const created = await socket.next(
        (f) => f.type === 'conversation.message_created' && f.data.messageId === sent.body.id,
      );
      expect(created.data.conversation.assigneeId).toBe(agent.userId);
      ids.push(created.data.conversation.id);
    }
    const first = await t.request(`/v1/conversations/${ids[0]}`, { token: agent.token });
    expect(first.body.assigneeId).toBe(agent.userId);
    expect(first.body.sla.policyId).toBe(policy.body.id);
    expect(Date.parse(first.body.sla.firstResponseDueAt) - Date.parse(first.body.createdAt)).toBe(5 * 60_000);

    const reply = await t.request(`/v1/conversations/${ids[0]}/messages`, {
      token: agent.token,
      body: { body: 'on it' },
    });
    expect(reply.status).toBe(201);

    // Ten minutes later (the scan takes the time): the unanswered one breaches, live to the agent.
    await t.iris.jobs.enqueue(SLA_SCAN, { now: new Date(start + 10 * 60_000).toISOString() });
    const breach = await socket.next((f) => f.type === 'conversation.sla_breached', 30_000);
    expect(breach.data).toMatchObject({ conversation: { id: ids[1] }, sla: { metric: 'first_response' } });
    await socket.close();

    await waitFor(async () => {
      const report = await t.request(
        `/v1/analytics/sla?from=${new Date(start - 60_000).toISOString()}&to=${new Date(start + 3_600_000).toISOString()}`,
        { token: admin.token },
      );
      expect(report.status).toBe(200);
      expect(report.body.overall).toEqual({ met: 1, breached: 1, percentMet: 50 });
      expect(report.body.byAgent).toEqual([{ userId: agent.userId, met: 1, breached: 1, percentMet: 50 }]);
      expect(report.body.byTeam).toEqual([{ teamId: team.body.id, met: 1, breached: 1, percentMet: 50 }]);
      expect(report.body.byMetric).toEqual([
        { metric: 'first_response', met: 1, breached: 1, percentMet: 50 },
      ]);
    });
    expect((await t.request('/v1/analytics/sla?from=x&to=y', { token: admin.token })).status).toBe(422);
    expect(
      (
        await t.request(`/v1/analytics/sla?from=${new Date().toISOString()}&to=${new Date().toISOString()}`, {
          token: agent.token,
        })
      ).status,
    ).toBe(403);
  }, 120_000);
});
