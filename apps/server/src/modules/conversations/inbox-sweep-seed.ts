import type { Json, TestIris } from '../../testing/test-iris';

/**
 * Seeds tenant A of the cross-tenant sweep with one of each inbox resource (contacts with identities,
 * a merged contact, a conversation with a note, a canned response, a CSV import); returns their ids
 * and the text that must never show up in tenant B's responses.
 */
export async function seedInboxForSweep(t: TestIris, token: string, phone: string) {
  const api = (path: string, body?: unknown, method?: string) => t.request(path, { token, body, method });
  const contact = await api('/v1/contacts', {
    name: 'Alpha Contact',
    email: 'alpha.contact@alpha.test',
    identities: [{ kind: 'slack', value: 'TALPHA:UALPHA' }],
  });
  const source = await api('/v1/contacts', { name: 'Alpha Twin', phone: '+14155550113' });
  await api(`/v1/contacts/${contact.body.id}/merge`, { sourceContactId: source.body.id });
  const inbound = await api('/v1/sandbox/inbound', {
    channel: 'sms',
    from: '+14155550113',
    to: phone,
    body: 'alpha inbox secret',
  });
  const conversation = (await api('/v1/conversations')).body.data.find(
    (row: Json) => row.contactId === contact.body.id,
  );
  const note = await api(`/v1/conversations/${conversation.id}/messages`, {
    kind: 'note',
    body: 'alpha secret note',
  });
  const canned = await api('/v1/canned-responses', {
    shortcode: 'alpha',
    title: 'Alpha canned',
    body: 'alpha canned secret',
  });
  const imported = await api('/v1/contacts/import', {
    csv: 'name,email\nAlpha Import,alpha.import@alpha.test\n',
  });
  const identities = (await api(`/v1/contacts/${contact.body.id}`)).body.identities as Json[];
  return {
    ids: [
      contact.body.id,
      source.body.id,
      inbound.body.id,
      conversation.id,
      note.body.id,
      canned.body.id,
      imported.body.id,
      ...identities.map((identity) => identity.id),
    ] as string[],
    secrets: ['alpha.contact@alpha.test', 'alpha inbox secret', 'alpha secret note', 'alpha canned secret'],
  };
}
