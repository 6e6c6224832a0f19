import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import { waitFor } from '../../testing/wait-for';
import { type InboxTenant, inboxTenant } from './inbox-fixture';

/**
 * The acceptance: an SMS, an email, a WhatsApp and a Slack message from one person land in
 * one contact's conversations once their identities are merged, and the agent's replies leave
 * through the right channel — all through the sandbox, which feeds inbound like a carrier does.
 */
describe.each(databaseKinds())('unified inbox end to end on %s', (kind) => {
  let t: TestIris;
  let tenant: InboxTenant;
  const person = { phone: '+14155550142', email: 'Ann.Lee@Example.com', slack: 'slack:T0ANN:U0ANN' };

  beforeAll(async () => {
    t = await startTestIris(kind, { SANDBOX_DELIVERY_DELAY_MS: '20' });
    tenant = await inboxTenant(t, 'Inbox Co');
  });
  afterAll(() => t?.close());

  /** Replies in a conversation and waits until the sandbox delivered it to the person's device. */
  async function reply(conversationId: string, body: Record<string, unknown>) {
    const response = await tenant.api(`/v1/conversations/${conversationId}/messages`, { body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const message = response.body.message as Json;
    const delivered = await waitFor(async () => {
      const { body: row } = await tenant.api(`/v1/messages/${message.id}`);
      expect(row.status).toBe('delivered');
      return row;
    });
    return delivered as Json;
  }

  it('joins one person’s four channels into one contact and replies on each', async () => {
    const sms = await tenant.inbound('sms', person.phone, 'My order #4411 never arrived');
    const whatsapp = await tenant.inbound('whatsapp', person.phone, 'Sending a photo of the box');
    const email = await tenant.inbound('email', person.email, 'Invoice question about order 4411');
    const slack = await tenant.inbound('slack', person.slack, 'pinging here too');

    const bySms = await tenant.conversationOf(sms.id);
    const byWhatsapp = await tenant.conversationOf(whatsapp.id);
    const byEmail = await tenant.conversationOf(email.id);
    const bySlack = await tenant.conversationOf(slack.id);
    expect([bySms.channel, byWhatsapp.channel, byEmail.channel, bySlack.channel]).toEqual([
      'sms',
      'whatsapp',
      'email',
      'slack',
    ]);
    // A WhatsApp id is a phone number: same number, same contact, without a merge.
    expect(byWhatsapp.contactId).toBe(bySms.contactId);
    expect(byEmail.contactId).not.toBe(bySms.contactId);

    const ann = bySms.contactId as string;
    for (const source of [byEmail.contactId, bySlack.contactId]) {
      const merged = await tenant.api(`/v1/contacts/${ann}/merge`, { body: { sourceContactId: source } });
      expect(merged.status).toBe(200);
      expect(merged.body.conversationsMoved).toBe(1);
    }
    const contact = (await tenant.api(`/v1/contacts/${ann}`)).body;
    expect(contact.identities.map((i: Json) => `${i.kind}:${i.value}`).sort()).toEqual([
      'email:ann.lee@example.com',
      'phone:+14155550142',
      'slack:T0ANN:U0ANN',
      'whatsapp:+14155550142',
    ]);
    const theirs = (await tenant.api(`/v1/conversations?contactId=${ann}`)).body.data as Json[];
    expect(theirs.map((c) => c.channel).sort()).toEqual(['email', 'slack', 'sms', 'whatsapp']);
    expect((await tenant.api(`/v1/contacts/${byEmail.contactId}`)).body.code).toBe('not_found');

    // After the merge, the person's next SMS joins their SMS conversation; a new email (no thread
    // headers: the simulator sends none) is a new email thread, but of the same contact.
    const smsAgain = await tenant.inbound('sms', person.phone, 'Any news?');
    expect((await tenant.conversationOf(smsAgain.id)).id).toBe(bySms.id);
    const emailAgain = await tenant.inbound('email', 'ann.lee@example.com', 'Any news?');
    const newThread = await tenant.conversationOf(emailAgain.id);
    expect(newThread.id).not.toBe(byEmail.id);
    expect(newThread.contactId).toBe(ann);

    const out = {
      sms: await reply(bySms.id, { body: 'Sorry! Checking now.' }),
      whatsapp: await reply(byWhatsapp.id, { body: 'Thanks for the photo' }),
      email: await reply(byEmail.id, { body: 'Your invoice is attached' }),
      slack: await reply(bySlack.id, { body: 'On it' }),
    };
    expect(out.sms).toMatchObject({
      channel: 'sms',
      to: person.phone,
      from: tenant.phone,
      provider: 'sandbox',
    });
    expect(out.whatsapp).toMatchObject({ channel: 'whatsapp', to: person.phone, from: tenant.phone });
    expect(out.email).toMatchObject({ channel: 'email', to: person.email, from: tenant.email });
    expect(out.slack).toMatchObject({ channel: 'slack', to: person.slack, from: tenant.slack });

    // Each reply reached the person's device on that channel in the simulator.
    const devices = (await tenant.api('/v1/sandbox/devices?limit=200')).body.data as Json[];
    for (const [channel, message] of Object.entries(out)) {
      const device = devices.find(
        (d) => d.address === message.to && (channel !== 'whatsapp' || d.kind === 'phone'),
      );
      const traffic = (await tenant.api(`/v1/sandbox/devices/${device!.id}/messages?limit=200`)).body
        .data as Json[];
      expect(traffic.some((row) => row.messageId === message.id && row.channel === channel)).toBe(true);
    }

    // Reply in the SMS conversation through another of the contact's channels: email.
    const crossed = await reply(bySms.id, { channel: 'email', body: 'Also sent by email' });
    expect(crossed).toMatchObject({ channel: 'email', to: 'ann.lee@example.com' });
    const smsThread = (await tenant.api(`/v1/conversations/${bySms.id}/messages?kind=message`)).body
      .data as Json[];
    expect(smsThread.map((item) => item.message.channel)).toEqual(['email', 'sms', 'sms', 'sms']);
    const after = (await tenant.api(`/v1/conversations/${bySms.id}`)).body;
    expect(after.firstResponseAt).not.toBeNull();
    expect(after.lastOutboundAt).not.toBeNull();
  });
});
