import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../channels/channel';
import { databaseKinds } from '../../testing/test-database';
import { type Json, startTestIris, type TestIris } from '../../testing/test-iris';
import type { Messaging } from '../messages/messaging';
import { receiveInbound } from '../messages/receive-inbound';
import { type ConversationHookEvent, createConversationHooks } from './conversation-hooks';
import { emailThreading, normalizeMessageId } from './email-threading';
import { type InboxTenant, inboxTenant } from './inbox-fixture';
import { createConversationInboundHook } from './join-inbound';
import { replyToConversation } from './reply-to-conversation';

describe('emailThreading', () => {
  it('reads the Message-ID and the ids an email cites, In-Reply-To first, references newest first', () => {
    expect(
      emailThreading({
        messageIdHeader: ' <c@x> ',
        inReplyTo: 'b@x',
        references: ['<a@x>', '<b@x>'],
        html: '<p>ignored</p>',
      }),
    ).toEqual({ messageId: '<c@x>', cited: ['<b@x>', '<a@x>'] });
    expect(emailThreading({ references: 'not a list' })).toEqual({ messageId: undefined, cited: [] });
    expect(normalizeMessageId('<>')).toBeUndefined();
  });
});

/**
 * Email threads by headers: the inbound hook is driven here through the real inbound pipeline
 * (receiveInbound) with the threading headers the email channel stores, which the device simulator
 * cannot send. Hooks given to the conversation module are called at each step.
 */
describe.each(databaseKinds())('email threading and conversation hooks on %s', (kind) => {
  let t: TestIris;
  let tenant: InboxTenant;
  const calls: string[] = [];
  const hooks = createConversationHooks();
  const record = (name: string) => async (_tx: unknown, event: ConversationHookEvent) => {
    calls.push(`${name}:${event.conversation.id}:${event.message?.id ?? ''}`);
  };
  hooks.onCreated.push(record('created'));
  hooks.onInbound.push(record('inbound'));
  hooks.onAgentReply.push(record('reply'));

  beforeAll(async () => {
    t = await startTestIris(kind, { SANDBOX_DELIVERY_DELAY_MS: '20' });
    tenant = await inboxTenant(t, 'Mail Co');
  });
  afterAll(() => t?.close());

  const deps = () => ({
    jobs: t.iris.jobs,
    conversationHooks: hooks,
  });
  async function receive(from: string, subject: string, content: Record<string, unknown>) {
    const messaging = {
      inboundHooks: [createConversationInboundHook(deps())],
    } as unknown as Messaging;
    const inbound: InboundMessage = {
      provider: 'test-mail',
      providerMessageId: `pm-${Math.random()}`,
      channel: 'email',
      from,
      to: tenant.email,
      body: `${subject} body`,
      media: [],
      subject,
      content,
      receivedAt: new Date(),
    };
    const result = await t.iris.database.db.transaction((tx) =>
      receiveInbound({ jobs: t.iris.jobs, messaging }, tx, inbound),
    );
    return result!.message!;
  }

  it('threads replies by In-Reply-To/References, reopening a closed thread; a new email starts its own', async () => {
    const first = await receive('Bob <bob@example.com>', 'Order 55', {
      messageIdHeader: '<m1@mail.example.com>',
    });
    const conversation = await tenant.conversationOf(first.id);
    expect(conversation).toMatchObject({
      channel: 'email',
      subject: 'Order 55',
      contact: { email: 'bob@example.com' },
    });
    expect(calls.splice(0)).toEqual([
      `created:${conversation.id}:${first.id}`,
      `inbound:${conversation.id}:${first.id}`,
    ]);

    const reply = await tenant.api(`/v1/conversations/${conversation.id}/messages`, {
      body: { body: 'We are on it' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({
      channel: 'email',
      to: 'bob@example.com',
      from: tenant.email,
      subject: 'Re: Order 55',
    });
    const stored = (
      await t.iris.database.executeSql('select content from messages where id = $1', [reply.body.message.id])
    ).rows[0]!.content as Json;
    expect(stored.messageIdHeader).toMatch(/^<\w+@sandbox\.iris\.test>$/);
    expect(stored).toMatchObject({
      inReplyTo: '<m1@mail.example.com>',
      references: ['<m1@mail.example.com>'],
    });

    await tenant.api(`/v1/conversations/${conversation.id}/status`, {
      method: 'PATCH',
      body: { status: 'closed' },
    });
    const answer = await receive('bob@example.com', 'Re: Order 55', {
      messageIdHeader: '<m2@mail.example.com>',
      inReplyTo: stored.messageIdHeader,
      references: ['<m1@mail.example.com>', stored.messageIdHeader],
    });
    expect(await tenant.conversationOf(answer.id)).toMatchObject({ id: conversation.id, status: 'open' });
    expect(calls.splice(0)).toEqual([`inbound:${conversation.id}:${answer.id}`]);

    // Someone copied on the thread answers: the thread wins over the sender.
    const cc = await receive('carol@example.com', 'Re: Order 55', { references: ['<m2@mail.example.com>'] });
    expect((await tenant.conversationOf(cc.id)).id).toBe(conversation.id);

    const fresh = await receive('bob@example.com', 'Another thing', {
      messageIdHeader: '<m9@mail.example.com>',
    });
    const other = await tenant.conversationOf(fresh.id);
    expect(other.id).not.toBe(conversation.id);
    expect(other.contactId).toBe(conversation.contactId);

    // A second reply cites the whole thread, newest last.
    const second = await tenant.api(`/v1/conversations/${conversation.id}/messages`, {
      body: { body: 'Done' },
    });
    const content = (
      await t.iris.database.executeSql('select content from messages where id = $1', [second.body.message.id])
    ).rows[0]!.content as Json;
    expect(content.inReplyTo).toBe('<m2@mail.example.com>');
    expect(content.references).toEqual([
      '<m1@mail.example.com>',
      stored.messageIdHeader,
      '<m2@mail.example.com>',
    ]);
    calls.splice(0);
  });

  it('runs onAgentReply hooks inside the reply transaction', async () => {
    const first = await receive('dan@example.com', 'Hooks', {});
    const conversation = await tenant.conversationOf(first.id);
    calls.splice(0);
    const result = await t.iris.database.db.transaction((tx) =>
      replyToConversation(deps(), tx, {
        tenantId: tenant.tenantId,
        conversationId: conversation.id,
        reply: { body: 'hooked', media: [] },
        actor: { type: 'user', id: tenant.userId },
      }),
    );
    expect(calls).toEqual([`reply:${conversation.id}:${result.message.id}`]);
    expect(result.conversation.firstResponseAt).not.toBeNull();
  });
});
