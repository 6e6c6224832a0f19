import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import { createConversationHooks } from './conversation-hooks';
import { type InboxTenant, inboxTenant } from './inbox-fixture';
import { wakeSnoozedJob } from './wake-snoozed.job';

let phoneCounter = 0;
/** A fresh simulator phone per test, so tests do not share contacts. */
const newPhone = () => `+1415555${String(3000 + ++phoneCounter).padStart(4, '0')}`;

describe.each(databaseKinds())('conversations API on %s', (kind) => {
  let t: TestIris;
  let tenant: InboxTenant;
  let other: InboxTenant;

  beforeAll(async () => {
    t = await startTestIris(kind, { SANDBOX_DELIVERY_DELAY_MS: '20' });
    tenant = await inboxTenant(t, 'Conversations Co');
    other = await inboxTenant(t, 'Other Co');
  });
  afterAll(() => t?.close());

  const open = async (body = 'hello') => {
    const message = await tenant.inbound('sms', newPhone(), body);
    return (await tenant.conversationOf(message.id)) as Json;
  };
  const count = async (sql: string, values: unknown[] = []) =>
    (await t.iris.database.executeSql(sql, values)).rows[0]!.n as number;

  it('filters by status, priority, assignee, tag, channel and text, and pages with a cursor', async () => {
    const a = await open('refund for the blue kettle');
    const b = await open('where is my parcel');
    const c = await open('kettle arrived broken');
    const assign = await tenant.api(`/v1/conversations/${a.id}/assign`, {
      method: 'PATCH',
      body: { assigneeId: tenant.userId },
    });
    expect(assign.status).toBe(200);
    expect(assign.body.assigneeId).toBe(tenant.userId);
    const patch = await tenant.api(`/v1/conversations/${b.id}`, {
      method: 'PATCH',
      body: { priority: 'urgent', tags: ['vip', 'late'], attributes: { order: '4411' } },
    });
    expect(patch.body).toMatchObject({
      priority: 'urgent',
      tags: ['vip', 'late'],
      attributes: { order: '4411' },
    });
    await tenant.api(`/v1/conversations/${c.id}/status`, { method: 'PATCH', body: { status: 'pending' } });

    const ids = async (query: string) =>
      ((await tenant.api(`/v1/conversations?${query}`)).body.data as Json[]).map((row) => row.id);
    expect(await ids('assignee=me')).toEqual([a.id]);
    expect(await ids(`assignee=${tenant.userId}`)).toEqual([a.id]);
    expect(await ids('assignee=unassigned&status=open')).toContain(b.id);
    expect(await ids('assignee=unassigned&status=open')).not.toContain(a.id);
    expect(await ids('priority=urgent')).toEqual([b.id]);
    expect(await ids('tag=vip')).toEqual([b.id]);
    expect(await ids('status=pending')).toEqual([c.id]);
    expect(await ids('status=pending,open&q=kettle')).toEqual([c.id, a.id]);
    expect(await ids('channel=email&q=kettle')).toEqual([]);
    expect(await ids('q=%3A%3A')).toEqual([]);
    expect((await tenant.api('/v1/conversations?status=bogus')).status).toBe(422);
    // Another tenant sees none of it.
    expect((await other.api('/v1/conversations?q=kettle')).body.data).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `limit=2&cursor=${cursor}` : 'limit=2';
      const pageBody: Json = (await tenant.api(`/v1/conversations?${query}`)).body;
      expect(pageBody.data.length).toBeLessThanOrEqual(2);
      seen.push(...pageBody.data.map((row: Json) => row.id));
      cursor = pageBody.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort().reverse());
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
  });

  it('assigns only members, records it, and emits conversation.* events', async () => {
    const conversation = await open();
    const stranger = await tenant.api(`/v1/conversations/${conversation.id}/assign`, {
      method: 'PATCH',
      body: { assigneeId: other.userId },
    });
    expect(stranger.status).toBe(422);
    const noTeam = await tenant.api(`/v1/conversations/${conversation.id}/assign`, {
      method: 'PATCH',
      body: { assigneeId: tenant.userId, teamId: 'team_missing' },
    });
    expect(noTeam.status).toBe(422);
    const team = (await tenant.api('/v1/teams', { body: { name: 'Support' } })).body;
    const assigned = await tenant.api(`/v1/conversations/${conversation.id}/assign`, {
      method: 'PATCH',
      body: { assigneeId: tenant.userId, teamId: team.id },
    });
    expect(assigned.status).toBe(200);
    await tenant.api(`/v1/conversations/${conversation.id}/assign`, {
      method: 'PATCH',
      body: { assigneeId: null },
    });
    const unassigned = (await tenant.api(`/v1/conversations/${conversation.id}`)).body;
    expect(unassigned).toMatchObject({ assigneeId: null, teamId: team.id });
    const activity = (await tenant.api(`/v1/conversations/${conversation.id}/messages?kind=activity`)).body
      .data;
    expect(activity.map((item: Json) => [item.data.type, item.data.assigneeId])).toEqual([
      ['assigned', null],
      ['assigned', tenant.userId],
    ]);
    const events = async (type: string) =>
      ((await tenant.api(`/v1/events?type=${type}&limit=200`)).body.data as Json[]).filter(
        (event) => event.data.conversation.id === conversation.id,
      );
    expect(await events('conversation.created')).toHaveLength(1);
    expect(await events('conversation.message_created')).toHaveLength(1);
    const assignedEvents = await events('conversation.assigned');
    expect(assignedEvents.map((event) => event.data.conversation.assigneeId)).toEqual([null, tenant.userId]);
    expect(assignedEvents[0].data.previous).toEqual({ assigneeId: tenant.userId, teamId: team.id });
  });

  it('moves through statuses: snooze needs a future time, inbound wakes pending and snoozed, closed starts anew', async () => {
    const phone = newPhone();
    const first = await tenant.inbound('sms', phone, 'first');
    const conversation = await tenant.conversationOf(first.id);
    const status = (body: Json) =>
      tenant.api(`/v1/conversations/${conversation.id}/status`, { method: 'PATCH', body });
    expect((await status({ status: 'snoozed' })).status).toBe(422);
    expect((await status({ status: 'snoozed', snoozedUntil: '2001-01-01T00:00:00Z' })).status).toBe(422);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const snoozed = await status({ status: 'snoozed', snoozedUntil: until });
    expect(snoozed.body).toMatchObject({ status: 'snoozed', snoozedUntil: until });

    const second = await tenant.inbound('sms', phone, 'are you there?');
    const woken = await tenant.conversationOf(second.id);
    expect(woken).toMatchObject({ id: conversation.id, status: 'open', snoozedUntil: null });

    await status({ status: 'pending' });
    const third = await tenant.inbound('sms', phone, 'hello again');
    expect(await tenant.conversationOf(third.id)).toMatchObject({ id: conversation.id, status: 'open' });

    const closed = await status({ status: 'closed' });
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closedAt).not.toBeNull();
    const fourth = await tenant.inbound('sms', phone, 'new problem');
    const next = await tenant.conversationOf(fourth.id);
    expect(next.id).not.toBe(conversation.id);
    expect(next.contactId).toBe(conversation.contactId);

    const changes = (await tenant.api(`/v1/events?type=conversation.status_changed&limit=200`)).body.data
      .filter((event: Json) => event.data.conversation.id === conversation.id)
      .map((event: Json) => `${event.data.previous.status}>${event.data.conversation.status}`);
    expect(changes.reverse()).toEqual([
      'open>snoozed',
      'snoozed>open',
      'open>pending',
      'pending>open',
      'open>closed',
    ]);
  });

  it('wakes snoozed conversations when their time comes (the minute job)', async () => {
    const conversation = await open();
    const until = new Date(Date.now() + 1_000);
    await tenant.api(`/v1/conversations/${conversation.id}/status`, {
      method: 'PATCH',
      body: { status: 'snoozed', snoozedUntil: until.toISOString() },
    });
    const job = wakeSnoozedJob({
      db: t.iris.database.db,
      jobs: t.iris.jobs,
      conversationHooks: createConversationHooks(),
    });
    await job.handler({}, { jobId: 'test', logger: undefined as never });
    expect((await tenant.api(`/v1/conversations/${conversation.id}`)).body.status).toBe('snoozed');
    await t.iris.database.executeSql(
      `update conversations set snoozed_until = now() - interval '1 second' where id = $1`,
      [conversation.id],
    );
    await job.handler({}, { jobId: 'test', logger: undefined as never });
    expect((await tenant.api(`/v1/conversations/${conversation.id}`)).body).toMatchObject({
      status: 'open',
      snoozedUntil: null,
    });
  });

  it('keeps notes internal: on the timeline and searchable, never sent', async () => {
    const conversation = await open('my account is locked');
    const messagesBefore = await count('select count(*)::int as n from messages where tenant_id = $1', [
      tenant.tenantId,
    ]);
    const trafficBefore = await count('select count(*)::int as n from sandbox_traffic where tenant_id = $1', [
      tenant.tenantId,
    ]);
    const note = await tenant.api(`/v1/conversations/${conversation.id}/messages`, {
      body: {
        kind: 'note',
        body: 'Customer verified by phone — unlock zebrafish account',
        media: ['https://files.example/id.png'],
      },
    });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({
      kind: 'note',
      authorId: tenant.userId,
      message: null,
      attachments: ['https://files.example/id.png'],
    });
    expect(note.body.id).toMatch(/^note_/);
    expect(
      (await tenant.api(`/v1/conversations/${conversation.id}/messages`, { body: { kind: 'note' } })).status,
    ).toBe(422);
    expect(
      await count('select count(*)::int as n from messages where tenant_id = $1', [tenant.tenantId]),
    ).toBe(messagesBefore);
    expect(
      await count('select count(*)::int as n from sandbox_traffic where tenant_id = $1', [tenant.tenantId]),
    ).toBe(trafficBefore);
    const timeline = (await tenant.api(`/v1/conversations/${conversation.id}`)).body.messages;
    expect(timeline[0]).toMatchObject({ id: note.body.id, kind: 'note' });
    const found = (await tenant.api('/v1/conversations/search?q=zebrafish')).body.data;
    expect(found).toHaveLength(1);
    expect(found[0].match).toMatchObject({ kind: 'note', id: note.body.id });
    expect(found[0].match.snippet).toContain('«zebrafish»');
  });

  it('refuses a reply to a phone that texted STOP (422 recipient_opted_out) and sends nothing', async () => {
    const phone = newPhone();
    const hello = await tenant.inbound('sms', phone, 'hi');
    const conversation = await tenant.conversationOf(hello.id);
    await tenant.inbound('sms', phone, 'STOP');
    const before = await count(
      'select count(*)::int as n from messages where tenant_id = $1 and direction = $2',
      [tenant.tenantId, 'outbound'],
    );
    const reply = await tenant.api(`/v1/conversations/${conversation.id}/messages`, {
      body: { body: 'Still there?' },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe('recipient_opted_out');
    expect(
      await count('select count(*)::int as n from messages where tenant_id = $1 and direction = $2', [
        tenant.tenantId,
        'outbound',
      ]),
    ).toBe(before);
    const detail = (await tenant.api(`/v1/conversations/${conversation.id}`)).body;
    expect(detail.firstResponseAt).toBeNull();
  });

  it('validates replies: another channel needs the contact to have an address there', async () => {
    const conversation = await open();
    const noEmail = await tenant.api(`/v1/conversations/${conversation.id}/messages`, {
      body: { channel: 'email', body: 'hi' },
    });
    expect(noEmail.status).toBe(422);
    expect(noEmail.body.errors[0].path).toBe('channel');
    const stranger = await tenant.api(`/v1/conversations/${conversation.id}/messages`, {
      body: { to: '+14155559999', body: 'hi' },
    });
    expect(stranger.status).toBe(422);
    expect(stranger.body.errors[0].path).toBe('to');
    expect((await tenant.api(`/v1/conversations/${conversation.id}/messages`, { body: {} })).status).toBe(
      422,
    );
  });

  it('tracks unread per agent and counts the portal cards', async () => {
    const conversation = await open('unread please');
    const before = (await tenant.api('/v1/conversations/stats')).body;
    expect((await tenant.api(`/v1/conversations/${conversation.id}`)).body.unread).toBe(true);
    expect(
      ((await tenant.api('/v1/conversations?unread=true')).body.data as Json[]).map((c) => c.id),
    ).toContain(conversation.id);
    const read = await tenant.api(`/v1/conversations/${conversation.id}/read`, { method: 'POST' });
    expect(read.status).toBe(200);
    expect(read.body.unread).toBe(false);
    expect(
      ((await tenant.api('/v1/conversations?unread=false')).body.data as Json[]).map((c) => c.id),
    ).toContain(conversation.id);
    const after = (await tenant.api('/v1/conversations/stats')).body;
    expect(after.unread).toBe(before.unread - 1);

    await tenant.api(`/v1/conversations/${conversation.id}/assign`, {
      method: 'PATCH',
      body: { assigneeId: tenant.userId },
    });
    await t.iris.database.executeSql('update conversations set sla_breached_at = now() where id = $1', [
      conversation.id,
    ]);
    const stats = (await tenant.api('/v1/conversations/stats')).body;
    expect(stats.assignedToMe).toBe(after.assignedToMe + 1);
    expect(stats.unassigned).toBe(after.unassigned - 1);
    expect(stats.slaBreached).toBe(after.slaBreached + 1);
    expect(stats.open).toBe(after.open);
    const fresh = (await other.api('/v1/conversations/stats')).body;
    expect(fresh).toEqual({
      open: 0,
      pending: 0,
      snoozed: 0,
      unassigned: 0,
      assignedToMe: 0,
      unread: 0,
      slaBreached: 0,
    });

    // The contact writes again: unread again for this agent.
    const phone = (await tenant.api(`/v1/conversations/${conversation.id}`)).body.contact.phone;
    await tenant.inbound('sms', phone, 'hello?');
    expect((await tenant.api(`/v1/conversations/${conversation.id}`)).body.unread).toBe(true);
  });

  it('soft-deletes: gone from the inbox, messages kept, the next message opens a new conversation', async () => {
    const phone = newPhone();
    const first = await tenant.inbound('sms', phone, 'delete me');
    const conversation = await tenant.conversationOf(first.id);
    expect((await tenant.api(`/v1/conversations/${conversation.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await tenant.api(`/v1/conversations/${conversation.id}`)).status).toBe(404);
    expect((await tenant.api(`/v1/conversations/${conversation.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(
      ((await tenant.api('/v1/conversations?limit=200')).body.data as Json[]).map((c) => c.id),
    ).not.toContain(conversation.id);
    expect((await tenant.api(`/v1/messages/${first.id}`)).status).toBe(200);
    const again = await tenant.inbound('sms', phone, 'hello?');
    expect((await tenant.conversationOf(again.id)).id).not.toBe(conversation.id);
  });

  it('groups one conversation per contact across channels when the tenant asks', async () => {
    const settings = await tenant.api('/v1/conversations/settings', {
      method: 'PUT',
      body: { grouping: 'contact' },
    });
    expect(settings.body).toEqual({ grouping: 'contact' });
    try {
      const phone = newPhone();
      const sms = await tenant.inbound('sms', phone, 'by sms');
      const whatsapp = await tenant.inbound('whatsapp', phone, 'by whatsapp');
      expect((await tenant.conversationOf(whatsapp.id)).id).toBe((await tenant.conversationOf(sms.id)).id);
    } finally {
      await tenant.api('/v1/conversations/settings', { method: 'PUT', body: { grouping: 'channel' } });
    }
    expect((await tenant.api('/v1/conversations/settings')).body).toEqual({ grouping: 'channel' });
  });

  it('keeps canned responses by shortcode and fills their variables into a reply', async () => {
    const created = await tenant.api('/v1/canned-responses', {
      body: {
        shortcode: 'Thanks',
        title: 'Thank you',
        body: 'Hi {{contact.firstName}}, thanks for writing about {{contact.attributes.order}}. — {{agent.name}} {{unknown.var}}',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.shortcode).toBe('thanks');
    const dup = await tenant.api('/v1/canned-responses', {
      body: { shortcode: 'thanks', title: 'x', body: 'y' },
    });
    expect(dup.status).toBe(409);
    expect(
      (await tenant.api('/v1/canned-responses', { body: { shortcode: 'bad code', title: 'x', body: 'y' } }))
        .status,
    ).toBe(422);
    await tenant.api('/v1/canned-responses', {
      body: { shortcode: 'closing', title: 'Closing', body: 'Bye' },
    });
    const prefixed = (await tenant.api('/v1/canned-responses?shortcode=th')).body.data as Json[];
    expect(prefixed.map((c) => c.shortcode)).toEqual(['thanks']);
    expect((await other.api('/v1/canned-responses')).body.data).toEqual([]);
    expect((await other.api(`/v1/canned-responses/${created.body.id}`)).status).toBe(404);

    const phone = newPhone();
    const hello = await tenant.inbound('sms', phone, 'hello');
    const conversation = await tenant.conversationOf(hello.id);
    await tenant.api(`/v1/contacts/${conversation.contactId}`, {
      method: 'PATCH',
      body: { name: 'Maya Angelou', attributes: { order: '#4411' } },
    });
    const rendered = await tenant.api(`/v1/canned-responses/${created.body.id}/render`, {
      body: { conversationId: conversation.id },
    });
    const expected = 'Hi Maya, thanks for writing about #4411. — Admin {{unknown.var}}';
    expect(rendered.body.body).toBe(expected);
    const reply = await tenant.api(`/v1/conversations/${conversation.id}/messages`, {
      body: { cannedResponse: 'thanks' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ body: expected, to: phone, channel: 'sms' });
    expect(
      (
        await tenant.api(`/v1/conversations/${conversation.id}/messages`, {
          body: { cannedResponse: 'nope' },
        })
      ).status,
    ).toBe(422);

    const updated = await tenant.api(`/v1/canned-responses/${created.body.id}`, {
      method: 'PATCH',
      body: { body: 'Thanks!' },
    });
    expect(updated.body.body).toBe('Thanks!');
    expect((await tenant.api(`/v1/canned-responses/${created.body.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await tenant.api(`/v1/canned-responses/${created.body.id}`)).status).toBe(404);
  });
});
