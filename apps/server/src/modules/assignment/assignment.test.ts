import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { connectRealtime, type RealtimeClient } from '../realtime/realtime-test-client';
import { ASSIGNMENT_SWEEP } from './assignment.jobs';
import { inviteAgent } from './test-agents';

type Agent = { userId: string; token: string; socket?: RealtimeClient };

describe.each(databaseKinds())('assignment on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let phone: string;
  const agents: Agent[] = [];
  let outsider: Agent;
  let n = 0;

  const inbound = (body: string) =>
    t.request('/v1/sandbox/inbound', {
      token: admin.token,
      body: { channel: 'sms', from: `+1415556${String(1000 + ++n)}`, to: phone, body },
    });
  const holdings = async () => {
    const { rows } = await t.iris.database.executeSql(
      // The backlog's order: oldest first.
      `select id, assignee_user_id, team_id, status from conversations where tenant_id = $1 order by created_at, id`,
      [admin.tenantId],
    );
    return rows as { id: string; assignee_user_id: string | null; team_id: string | null; status: string }[];
  };
  const sweepsDone = async () => {
    const { rows } = await t.iris.database.executeSql(
      `select count(*)::int as n from pgboss.job where name = 'assignment.sweep' and state = 'completed'`,
    );
    return (rows[0] as { n: number }).n;
  };
  const heldBy = (rows: Awaited<ReturnType<typeof holdings>>, userId: string) =>
    rows.filter((r) => r.assignee_user_id === userId && r.status === 'open');

  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Desk Co');
    const numbers = (await t.request('/v1/numbers', { token: admin.token })).body.data;
    phone = numbers.find((x: { kind: string }) => x.kind === 'phone_number').address;
    for (let i = 0; i < 3; i++) agents.push(await inviteAgent(t, admin.token, `desk${i}@desk.test`));
    outsider = await inviteAgent(t, admin.token, 'outsider@desk.test');
  }, 120_000);
  afterAll(async () => {
    for (const a of [...agents, outsider]) await a.socket?.close();
    await t?.close();
  });

  it('never exceeds a capacity under concurrent inbound, and drains the backlog when an agent frees up', async () => {
    const team = await t.request('/v1/teams', {
      token: admin.token,
      body: { name: 'Desk', assignmentMode: 'least_busy', channels: ['sms'] },
    });
    expect(team.status).toBe(201);
    for (const a of agents) {
      const member = await t.request(`/v1/teams/${team.body.id}/members/${a.userId}`, {
        method: 'PUT',
        token: admin.token,
        body: { maxConversations: 10, capacity: { sms: 2 } },
      });
      expect(member.status).toBe(200);
    }
    // Agents are available while connected (and their status is available).
    for (const a of [...agents, outsider]) {
      a.socket = await connectRealtime(t.url, a.token);
      await a.socket.next((f) => f.type === 'presence.snapshot');
    }

    const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => inbound(`help ${i}`)));
    expect(sent.map((s) => s.status)).toEqual(Array(20).fill(201));
    const rows = await holdings();
    expect(rows).toHaveLength(20);
    for (const a of agents) expect(heldBy(rows, a.userId)).toHaveLength(2);
    const waiting = rows.filter((r) => r.assignee_user_id === null);
    expect(waiting).toHaveLength(14);
    expect(new Set(waiting.map((r) => r.team_id))).toEqual(new Set([team.body.id]));

    // Each agent saw its own conversations and the team's waiting ones, never a colleague's.
    const [first] = agents;
    const mine = heldBy(rows, first!.userId).map((r) => r.id);
    await first!.socket!.next(
      (f) => f.type === 'conversation.assigned' && f.data.conversation.id === mine[1],
    );
    const colleagues = new Set(
      rows.filter((r) => r.assignee_user_id && r.assignee_user_id !== first!.userId).map((r) => r.id),
    );
    const seen = first!.socket!.events().filter((f) => f.type.startsWith('conversation.'));
    expect(
      seen.filter((f) => colleagues.has(f.data.conversation.id) && f.data.conversation.assigneeId !== null),
    ).toEqual([]);
    expect(outsider.socket!.events()).toEqual([]);

    // The agent closes one: their capacity frees and the oldest waiting conversation comes to them.
    const closed = await t.request(`/v1/conversations/${mine[0]}/status`, {
      method: 'PATCH',
      token: first!.token,
      body: { status: 'closed' },
    });
    expect(closed.status).toBe(200);
    const oldest = waiting[0]!.id;
    await waitFor(async () => {
      const now = await holdings();
      expect(now.find((r) => r.id === oldest)?.assignee_user_id).toBe(first!.userId);
    });
    const history = await t.request(`/v1/conversations/${oldest}/assignments`, { token: first!.token });
    expect(history.body.data.map((h: { reason: string }) => h.reason)).toEqual(['routed', 'backlog']);
    expect(history.body.data[1]).toMatchObject({ assigneeId: first!.userId, previousAssigneeId: null });
    const after = await holdings();
    for (const a of agents) expect(heldBy(after, a.userId)).toHaveLength(2);
  }, 120_000);

  it('takes back the conversations of an agent offline past the timeout, for available teammates', async () => {
    const [, second] = agents;
    const teamId = (await holdings())[0]!.team_id;
    await t.request(`/v1/teams/${teamId}`, {
      method: 'PATCH',
      token: admin.token,
      body: { reassignOfflineAfterSeconds: 30 },
    });
    const theirs = heldBy(await holdings(), second!.userId).map((r) => r.id);
    expect(theirs).toHaveLength(2);
    await second!.socket!.close();
    second!.socket = undefined;
    const presence = await t.request('/v1/agents/me/presence', { token: second!.token });
    await waitFor(async () => {
      const p = await t.request('/v1/agents/me/presence', { token: second!.token });
      expect(p.body).toMatchObject({ connected: false, status: 'offline' });
    });
    expect(presence.status).toBe(200);

    // Before the timeout (30 s): nothing moves. Time moves by the job's `now`, within the connection
    // lifetime of the agents still online (45 s), so they stay available.
    const done = await sweepsDone();
    await t.iris.jobs.enqueue(ASSIGNMENT_SWEEP, { now: new Date(Date.now() + 15_000).toISOString() });
    await waitFor(async () => expect(await sweepsDone()).toBe(done + 1));
    expect(heldBy(await holdings(), second!.userId).map((r) => r.id)).toEqual(theirs);
    // Past it: both go back to the team and on to whoever has room (the backlog is served first).
    await t.iris.jobs.enqueue(ASSIGNMENT_SWEEP, { now: new Date(Date.now() + 35_000).toISOString() });
    await waitFor(async () => {
      const rows = await holdings();
      expect(heldBy(rows, second!.userId)).toEqual([]);
      for (const id of theirs)
        expect(rows.find((r) => r.id === id)?.assignee_user_id).not.toBe(second!.userId);
    });
    const history = await t.request(`/v1/conversations/${theirs[0]}/assignments`, { token: admin.token });
    expect(history.body.data.map((h: { reason: string }) => h.reason)).toContain('agent_offline');
    // The others stay at capacity.
    const rows = await holdings();
    for (const a of [agents[0]!, agents[2]!]) expect(heldBy(rows, a.userId)).toHaveLength(2);
  }, 120_000);

  it('lists presence for supervisors and lets an agent set their status', async () => {
    const [first] = agents;
    const set = await t.request('/v1/agents/me/presence', {
      method: 'PUT',
      token: first!.token,
      body: { status: 'busy' },
    });
    expect(set.body).toMatchObject({ userId: first!.userId, status: 'busy', connected: true });
    expect((await t.request('/v1/agents/presence', { token: first!.token })).status).toBe(403);
    const all = await t.request('/v1/agents/presence', { token: admin.token });
    expect(all.body.data.find((p: { userId: string }) => p.userId === first!.userId)).toMatchObject({
      status: 'busy',
    });
    const events = await t.request('/v1/events?type=agent.status_changed', { token: admin.token });
    expect(events.body.data[0].data).toEqual({
      agent: { id: first!.userId, status: 'busy', previousStatus: 'available' },
    });
  });
});
