import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { inviteAgent } from '../assignment/test-agents';

describe.each(databaseKinds())('teams on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let agent: { userId: string; token: string };

  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Teams Co');
    agent = await inviteAgent(t, admin.token, 'member@teams.test');
  }, 120_000);
  afterAll(() => t?.close());

  it('creates, changes, lists and deletes teams; one default per tenant', async () => {
    const first = await t.request('/v1/teams', {
      token: admin.token,
      body: { name: 'Sales', isDefault: true },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      name: 'Sales',
      assignmentMode: 'manual',
      channels: [],
      isDefault: true,
      slaPolicyId: null,
      reassignOfflineAfterSeconds: null,
    });
    const second = await t.request('/v1/teams', {
      token: admin.token,
      body: { name: 'Support', isDefault: true, assignmentMode: 'least_busy', channels: ['sms', 'email'] },
    });
    expect((await t.request(`/v1/teams/${first.body.id}`, { token: admin.token })).body.isDefault).toBe(
      false,
    );
    const patched = await t.request(`/v1/teams/${second.body.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { name: 'Support EU', assignmentMode: 'round_robin' },
    });
    expect(patched.body).toMatchObject({
      name: 'Support EU',
      assignmentMode: 'round_robin',
      channels: ['sms', 'email'],
    });
    const list = await t.request('/v1/teams', { token: agent.token });
    expect(list.body.data.map((x: { name: string }) => x.name)).toEqual(['Support EU', 'Sales']);
    expect(
      (await t.request(`/v1/teams/${first.body.id}`, { method: 'DELETE', token: admin.token })).status,
    ).toBe(204);
    expect((await t.request(`/v1/teams/${first.body.id}`, { token: admin.token })).status).toBe(404);
  });

  it('refuses bad input and agents changing teams', async () => {
    const bad = await t.request('/v1/teams', {
      token: admin.token,
      body: { name: '', assignmentMode: 'random', slaPolicyId: 'sla_nope' },
    });
    expect(bad.status).toBe(422);
    const unknownPolicy = await t.request('/v1/teams', {
      token: admin.token,
      body: { name: 'X', slaPolicyId: 'sla_nope' },
    });
    expect(unknownPolicy.status).toBe(422);
    expect(unknownPolicy.body.errors).toEqual([
      { path: 'slaPolicyId', message: 'no such SLA policy in this tenant' },
    ]);
    expect((await t.request('/v1/teams', { token: agent.token, body: { name: 'Mine' } })).status).toBe(403);
  });

  it('adds members with per-channel capacity, updates and removes them', async () => {
    const team = await t.request('/v1/teams', { token: admin.token, body: { name: 'Desk' } });
    const path = `/v1/teams/${team.body.id}/members/${agent.userId}`;
    const added = await t.request(path, {
      method: 'PUT',
      token: admin.token,
      body: { capacity: { sms: 3 } },
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ userId: agent.userId, maxConversations: 10, capacity: { sms: 3 } });
    const changed = await t.request(path, {
      method: 'PUT',
      token: admin.token,
      body: { maxConversations: 4, capacity: { email: 1 } },
    });
    expect(changed.body).toMatchObject({ maxConversations: 4, capacity: { email: 1 } });
    const members = await t.request(`/v1/teams/${team.body.id}/members`, { token: agent.token });
    expect(members.body.data).toEqual([
      expect.objectContaining({ userId: agent.userId, maxConversations: 4 }),
    ]);
    const stranger = await t.request(`/v1/teams/${team.body.id}/members/usr_nobody`, {
      method: 'PUT',
      token: admin.token,
      body: {},
    });
    expect(stranger.status).toBe(404);
    expect((await t.request(path, { method: 'DELETE', token: admin.token })).status).toBe(204);
    expect((await t.request(path, { method: 'DELETE', token: admin.token })).status).toBe(404);
  });
});
