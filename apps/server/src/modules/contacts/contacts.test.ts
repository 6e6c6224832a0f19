import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { type InboxTenant, inboxTenant } from '../conversations/inbox-fixture';

describe.each(databaseKinds())('contacts API on %s', (kind) => {
  let t: TestIris;
  let tenant: InboxTenant;
  let other: InboxTenant;

  beforeAll(async () => {
    t = await startTestIris(kind);
    tenant = await inboxTenant(t, 'Contacts Co');
    other = await inboxTenant(t, 'Elsewhere Co');
  });
  afterAll(() => t?.close());

  const create = (body: Json) => tenant.api('/v1/contacts', { body });

  it('creates a contact with normalized identities; an identity of another contact is a 409', async () => {
    const created = await create({
      name: 'Zoë Quinn',
      email: 'Zoe.Quinn@Example.COM',
      phone: '+1 (415) 555-0177',
      attributes: { plan: 'gold' },
      tags: ['vip', 'vip', 'beta'],
      identities: [
        { kind: 'slack', value: 'slack:T01:U77' },
        { kind: 'telegram', value: '998877' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Zoë Quinn',
      email: 'zoe.quinn@example.com',
      phone: '+14155550177',
      attributes: { plan: 'gold' },
      tags: ['vip', 'beta'],
    });
    expect(created.body.identities.map((i: Json) => `${i.kind}:${i.value}`)).toEqual([
      'email:zoe.quinn@example.com',
      'phone:+14155550177',
      'slack:T01:U77',
      'telegram:998877',
    ]);
    const taken = await create({
      name: 'Copy',
      identities: [{ kind: 'email', value: 'zoe.quinn@example.com' }],
    });
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toContain(created.body.id);
    const invalid = await create({ phone: '12' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0].path).toBe('phone');
    // The same address in another tenant is another person.
    expect((await other.api('/v1/contacts', { body: { email: 'zoe.quinn@example.com' } })).status).toBe(201);

    // An SMS from the contact's phone joins this contact.
    const sms = await tenant.inbound('sms', '+14155550177', 'hi it is Zoë');
    expect((await tenant.conversationOf(sms.id)).contactId).toBe(created.body.id);
  });

  it('updates fields, merges attributes, adds and removes identities', async () => {
    const { body: contact } = await create({ name: 'Old Name', attributes: { a: 1, b: 2 }, tags: ['x'] });
    const patched = await tenant.api(`/v1/contacts/${contact.id}`, {
      method: 'PATCH',
      body: { name: 'New Name', attributes: { b: null, c: 3 }, tags: ['y'] },
    });
    expect(patched.body).toMatchObject({ name: 'New Name', attributes: { a: 1, c: 3 }, tags: ['y'] });
    const added = await tenant.api(`/v1/contacts/${contact.id}/identities`, {
      body: { kind: 'whatsapp', value: '+14155550178' },
    });
    expect(added.status).toBe(201);
    const identity = added.body.identities.find((i: Json) => i.kind === 'whatsapp');
    expect(identity.value).toBe('+14155550178');
    expect(
      (await tenant.api(`/v1/contacts/${contact.id}/identities`, { body: { kind: 'email', value: 'nope' } }))
        .status,
    ).toBe(422);
    const removed = await tenant.api(`/v1/contacts/${contact.id}/identities/${identity.id}`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);
    expect((await tenant.api(`/v1/contacts/${contact.id}`)).body.identities).toEqual([]);
  });

  it('merges: identities and conversations move, the source is gone with a pointer', async () => {
    const a = await tenant.inbound('sms', '+14155550181', 'from the phone');
    const b = await tenant.inbound('email', 'merge.me@example.com', 'from the mail');
    const target = (await tenant.conversationOf(a.id)).contactId;
    const source = (await tenant.conversationOf(b.id)).contactId;
    await tenant.api(`/v1/contacts/${source}`, { method: 'PATCH', body: { name: 'Mer Ge', tags: ['mail'] } });
    expect(
      (await tenant.api(`/v1/contacts/${target}/merge`, { body: { sourceContactId: target } })).status,
    ).toBe(422);
    expect(
      (await tenant.api(`/v1/contacts/${target}/merge`, { body: { sourceContactId: 'ct_nope' } })).status,
    ).toBe(404);
    const merged = await tenant.api(`/v1/contacts/${target}/merge`, { body: { sourceContactId: source } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ name: 'Mer Ge', tags: ['mail'], conversationsMoved: 1 });
    expect(merged.body.identities.map((i: Json) => i.kind).sort()).toEqual(['email', 'phone']);
    const gone = await tenant.api(`/v1/contacts/${source}`);
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toContain(target);
    const conversations = (await tenant.api(`/v1/conversations?contactId=${target}`)).body.data as Json[];
    expect(conversations.map((c) => c.channel).sort()).toEqual(['email', 'sms']);
    // The merged email address now reaches the target.
    const again = await tenant.inbound('email', 'merge.me@example.com', 'again');
    expect((await tenant.conversationOf(again.id)).contactId).toBe(target);
    // Another tenant cannot merge into or from these.
    expect(
      (await other.api(`/v1/contacts/${target}/merge`, { body: { sourceContactId: source } })).status,
    ).toBe(404);
  });

  it('soft-deletes a contact with its conversations; the address writing again is a new contact', async () => {
    const first = await tenant.inbound('sms', '+14155550182', 'forget me');
    const conversation = await tenant.conversationOf(first.id);
    expect((await tenant.api(`/v1/contacts/${conversation.contactId}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    expect((await tenant.api(`/v1/contacts/${conversation.contactId}`)).status).toBe(404);
    expect((await tenant.api(`/v1/conversations/${conversation.id}`)).status).toBe(404);
    const again = await tenant.inbound('sms', '+14155550182', 'hello');
    expect((await tenant.conversationOf(again.id)).contactId).not.toBe(conversation.contactId);
  });

  it('lists by tag and text, and ranks search results (name over address)', async () => {
    await create({ name: 'Harriet Okafor', email: 'h.okafor@example.com', tags: ['press'] });
    await create({ name: 'Okafor Logistics', email: 'ops@okafor-logistics.example', tags: ['partner'] });
    await create({ name: 'Someone', email: 'okafor.fan@example.com' });
    const names = (body: Json) => (body.data as Json[]).map((c) => c.name);
    expect(names((await tenant.api('/v1/contacts?tag=press')).body)).toEqual(['Harriet Okafor']);
    expect(names((await tenant.api('/v1/contacts?q=okafor')).body).sort()).toEqual([
      'Harriet Okafor',
      'Okafor Logistics',
      'Someone',
    ]);
    expect(names((await tenant.api('/v1/contacts?q=harr%20oka')).body)).toEqual(['Harriet Okafor']);
    const ranked = (await tenant.api('/v1/contacts/search?q=okafor')).body.data as Json[];
    expect(ranked.map((c) => c.name).at(-1)).toBe('Someone');
    expect(ranked[0].rank).toBeGreaterThan(ranked.at(-1).rank);
    expect((await other.api('/v1/contacts/search?q=okafor')).body.data).toEqual([]);
  });

  it('searches conversations ranked across messages and contacts, the same on both databases', async () => {
    const often = await tenant.inbound(
      'sms',
      '+14155550191',
      'warranty warranty warranty claim for my warranty',
    );
    const once = await tenant.inbound('sms', '+14155550192', 'a question, also about the warranty');
    const unrelated = await tenant.inbound('sms', '+14155550193', 'nothing to see');
    const hits = (await tenant.api('/v1/conversations/search?q=warranty')).body.data as Json[];
    const ids = hits.map((hit) => hit.conversation.id);
    const oftenId = (await tenant.conversationOf(often.id)).id;
    const onceId = (await tenant.conversationOf(once.id)).id;
    expect(ids).toEqual([oftenId, onceId]);
    expect(ids).not.toContain((await tenant.conversationOf(unrelated.id)).id);
    expect(hits[0].rank).toBeGreaterThan(hits[1].rank);
    expect(hits[0].match).toMatchObject({ kind: 'message', id: often.id });
    expect(hits[1].match.snippet).toContain('«warranty»');
    // A contact's name matches too, and weighs more than a word in a message.
    const { body: named } = await create({ name: 'Warranty Desk Person', phone: '+14155550194' });
    const sms = await tenant.inbound('sms', '+14155550194', 'hello');
    const top = (await tenant.api('/v1/conversations/search?q=warranty')).body.data[0];
    expect(top.conversation.id).toBe((await tenant.conversationOf(sms.id)).id);
    expect(top.match).toMatchObject({ kind: 'contact', id: named.id });
    expect((await other.api('/v1/conversations/search?q=warranty')).body.data).toEqual([]);
  });

  it('imports CSV with progress and per-row errors, updating known contacts', async () => {
    await create({ name: 'Known Person', email: 'known@example.com', tags: ['old'] });
    await create({ name: 'Holder A', email: 'a.holder@example.com' });
    await create({ name: 'Holder B', phone: '+14155550196' });
    const csv = [
      'Name,E-mail,Phone,Tags,Company,slack',
      'Ada Lovelace,ada@example.com,+14155550195,vip;math,Analytical Engines,T01:UADA',
      '"Known, Updated",KNOWN@example.com,,new,Acme,',
      'Bad Mail,not-an-email,,,,',
      'Bad Phone,,+1 555,,,',
      ',,,,Nobody Inc,',
      'Conflict,a.holder@example.com,+14155550196,,,',
      '"Quote ""Q"" Person",q@example.com,,,,',
    ].join('\r\n');
    const accepted = await tenant.api('/v1/contacts/import', { body: { csv } });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'queued', totalRows: 7, processedRows: 0 });
    const done = await waitFor(async () => {
      const { body } = await tenant.api(`/v1/contacts/imports/${accepted.body.id}`);
      expect(body.status).toBe('completed');
      return body;
    });
    expect(done).toMatchObject({ totalRows: 7, processedRows: 7, created: 2, updated: 1, errorCount: 4 });
    expect(done.errors.map((e: Json) => e.row)).toEqual([4, 5, 6, 7]);
    expect(done.errors[0].message).toContain('email');
    expect(done.errors[1].message).toContain('phone');
    expect(done.errors[3].message).toContain('different contacts');

    const ada = (await tenant.api('/v1/contacts/search?q=lovelace')).body.data[0];
    expect(ada).toMatchObject({ email: 'ada@example.com', phone: '+14155550195', tags: ['vip', 'math'] });
    expect(ada.attributes).toEqual({ company: 'Analytical Engines' });
    expect(ada.identities.map((i: Json) => i.kind).sort()).toEqual(['email', 'phone', 'slack']);
    const known = (await tenant.api('/v1/contacts/search?q=known')).body.data[0];
    expect(known).toMatchObject({
      name: 'Known, Updated',
      tags: ['old', 'new'],
      attributes: { company: 'Acme' },
    });
    expect((await tenant.api('/v1/contacts/search?q=quote')).body.data[0].name).toBe('Quote "Q" Person');

    const list = (await tenant.api('/v1/contacts/imports')).body.data as Json[];
    expect(list[0]).toMatchObject({ id: accepted.body.id, status: 'completed' });
    expect((await other.api(`/v1/contacts/imports/${accepted.body.id}`)).status).toBe(404);
  });

  it('takes text/csv too, and refuses what is not an import', async () => {
    const raw = await fetch(`${t.url}/v1/contacts/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'text/csv' },
      body: 'name,email\nRaw Csv,raw.csv@example.com\n',
    });
    expect(raw.status).toBe(202);
    const id = ((await raw.json()) as Json).id;
    await waitFor(async () => {
      const { body } = await tenant.api(`/v1/contacts/imports/${id}`);
      expect(body).toMatchObject({ status: 'completed', created: 1 });
    });
    const xml = await fetch(`${t.url}/v1/contacts/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/xml' },
      body: '<a/>',
    });
    expect(xml.status).toBe(415);
    expect((await tenant.api('/v1/contacts/import', { body: { csv: 'name\n"open' } })).status).toBe(422);
    expect((await tenant.api('/v1/contacts/import', { body: { csv: 'name,email\n' } })).status).toBe(422);
  });
});
