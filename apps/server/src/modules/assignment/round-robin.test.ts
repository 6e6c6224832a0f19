import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/ids';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { contacts } from '../contacts/contacts.schema';
import { createConversationHooks } from '../conversations/conversation-hooks';
import { conversations } from '../conversations/conversations.schema';
import { createMemoryPresenceStore } from '../presence/memory-presence-store';
import { recordAssignmentHistory } from './assign-with-reason';
import { conversationAssignments } from './assignment.schema';
import { assignNewConversation } from './auto-assign';
import { inviteAgent } from './test-agents';

describe.each(databaseKinds())('round robin on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  const agents: string[] = [];

  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Fair Co');
    for (let i = 0; i < 5; i++) agents.push((await inviteAgent(t, admin.token, `fair${i}@fair.test`)).userId);
  }, 120_000);
  afterAll(() => t?.close());

  it('hands 1,000 conversations to 5 agents evenly (max − min ≤ 1), the pointer living in the database', async () => {
    const db = t.iris.database.db;
    const team = await t.request('/v1/teams', {
      token: admin.token,
      body: { name: 'Fair', assignmentMode: 'round_robin', channels: ['sms'] },
    });
    for (const userId of agents)
      await t.request(`/v1/teams/${team.body.id}/members/${userId}`, {
        method: 'PUT',
        token: admin.token,
        body: { maxConversations: 1000 },
      });
    const presence = createMemoryPresenceStore();
    for (const userId of agents) await presence.touch(admin.tenantId, userId, `c-${userId}`, 3_600_000);
    const hooks = createConversationHooks();
    hooks.onAssigned.push(recordAssignmentHistory(async () => {}));
    const deps = { jobs: t.iris.jobs, conversationHooks: hooks, presence };

    const contactId = newId('ct');
    await db.insert(contacts).values({ id: contactId, tenantId: admin.tenantId, name: 'Many' });
    const rows = Array.from({ length: 1000 }, () => ({
      id: newId('conv'),
      tenantId: admin.tenantId,
      contactId,
      channel: 'sms',
    }));
    const created = await db.insert(conversations).values(rows).returning();
    // PostgreSQL: 20 transactions at once contend for the tenant's assignment lock; PGlite has one connection.
    const parallel = kind === 'postgres' ? 20 : 1;
    for (let i = 0; i < created.length; i += parallel)
      await Promise.all(
        created
          .slice(i, i + parallel)
          .map((conversation) => db.transaction((tx) => assignNewConversation(deps, tx, conversation))),
      );

    const assigned = await db
      .select({ assignee: conversations.assigneeUserId })
      .from(conversations)
      .where(eq(conversations.contactId, contactId));
    const counts = agents.map((userId) => assigned.filter((a) => a.assignee === userId).length);
    expect(counts.reduce((a, b) => a + b)).toBe(1000);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    const history = await db
      .select()
      .from(conversationAssignments)
      .where(eq(conversationAssignments.tenantId, admin.tenantId));
    expect(history).toHaveLength(1000);
    expect(new Set(history.map((h) => h.reason))).toEqual(new Set(['round_robin']));
  }, 300_000);
});
