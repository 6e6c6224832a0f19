import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/db/ids';
import { databaseKinds } from '../../testing/test-database';
import { startTestIris, type TestIris } from '../../testing/test-iris';
import { contacts } from '../contacts/contacts.schema';
import { conversations } from '../conversations/conversations.schema';
import { events } from '../events/events.schema';
import { breachDueTargets } from './scan-sla-breaches.job';
import { slaOnAgentReply, slaOnCreated } from './sla-hooks';

/**
 * The breach scan with a controllable clock: the job takes the time, so the test steps across a
 * weekend of closed hours without waiting. Dates are in the future so the per-target checks
 * (queued for the due time) stay asleep while the test drives the scan itself.
 */
describe.each(databaseKinds())('SLA breaches on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let policyId: string;

  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Clock Co');
    const policy = await t.request('/v1/sla-policies', {
      token: admin.token,
      body: {
        name: 'Paris office',
        timeZone: 'Europe/Paris',
        businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
        holidays: ['2027-01-12'],
        firstResponseMinutes: 60,
        resolutionMinutes: 8 * 60,
        isDefault: true,
      },
    });
    expect(policy.status).toBe(201);
    policyId = policy.body.id;
  }, 120_000);
  afterAll(() => t?.close());

  async function openConversation(createdAt: Date) {
    const db = t.iris.database.db;
    const contactId = newId('ct');
    await db.insert(contacts).values({ id: contactId, tenantId: admin.tenantId, name: 'Weekend' });
    const [conversation] = await db
      .insert(conversations)
      .values({ id: newId('conv'), tenantId: admin.tenantId, contactId, channel: 'sms', createdAt })
      .returning();
    await db.transaction((tx) => slaOnCreated(t.iris, tx, conversation!));
    return conversation!;
  }
  const breachEvents = (conversationId: string) =>
    t.iris.database.db
      .select()
      .from(events)
      .where(and(eq(events.tenantId, admin.tenantId), eq(events.type, 'conversation.sla_breached')))
      .then((rows) =>
        rows.filter((e) => (e.data as { conversation: { id: string } }).conversation.id === conversationId),
      );

  it('breaches first response at the right moment across a closed weekend (Friday 16:30 → Monday 09:30 Paris)', async () => {
    const deps = { db: t.iris.database.db, jobs: t.iris.jobs };
    // Friday 8 January 2027, 16:30 in Paris (15:30Z): 30 minutes today, 30 on Monday from 09:00.
    const conversation = await openConversation(new Date('2027-01-08T15:30:00Z'));
    const [row] = await t.iris.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversation.id));
    expect(row!.slaPolicyId).toBe(policyId);
    expect(row!.firstResponseDueAt).toEqual(new Date('2027-01-11T08:30:00Z'));
    // Resolution: 8 business hours = 30 min Friday + 7 h 30 Monday → Monday 16:30 Paris.
    expect(row!.resolutionDueAt).toEqual(new Date('2027-01-11T15:30:00Z'));

    await breachDueTargets(deps, { now: new Date('2027-01-10T23:59:00Z') }); // Sunday night: closed
    await breachDueTargets(deps, { now: new Date('2027-01-11T08:29:59Z') }); // one second early
    expect(await breachEvents(conversation.id)).toEqual([]);

    await breachDueTargets(deps, { now: new Date('2027-01-11T08:30:00Z') });
    const [breach] = await breachEvents(conversation.id);
    expect(breach!.data).toMatchObject({
      conversation: { id: conversation.id },
      sla: { metric: 'first_response', dueAt: '2027-01-11T08:30:00.000Z' },
    });
    // Once only, however often the scan runs.
    await breachDueTargets(deps, { now: new Date('2027-01-11T09:00:00Z') });
    expect(await breachEvents(conversation.id)).toHaveLength(1);
    const [after] = await t.iris.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversation.id));
    expect(after!.slaBreaches).toEqual(['first_response']);
    expect(after!.slaBreachedAt).toEqual(new Date('2027-01-11T08:30:00Z'));
  });

  it('skips the holiday and stops the clock when an agent answers in time', async () => {
    const deps = { db: t.iris.database.db, jobs: t.iris.jobs };
    // Monday 11 January 2027, 16:45 Paris: 15 min today; Tuesday 12 is a holiday; 45 min Wednesday.
    const conversation = await openConversation(new Date('2027-01-11T15:45:00Z'));
    const [row] = await t.iris.database.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, conversation.id));
    expect(row!.firstResponseDueAt).toEqual(new Date('2027-01-13T08:45:00Z'));
    await t.iris.database.db.transaction((tx) => slaOnAgentReply(tx, row!, new Date('2027-01-13T08:44:00Z')));
    await breachDueTargets(deps, { now: new Date('2027-01-13T08:46:00Z') });
    expect(await breachEvents(conversation.id)).toEqual([]);
  });
});
