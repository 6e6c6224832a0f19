import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../../testing/test-database';
import { startSecondNode, startTestIris, type TestIris } from '../../testing/test-iris';
import { connectRealtime } from './realtime-test-client';

describe.each(databaseKinds())('realtime on %s', (kind) => {
  let t: TestIris;
  let admin: Awaited<ReturnType<TestIris['signup']>>;
  let phone: string;
  let n = 0;
  const inbound = async (body: string) => {
    const sent = await t.request('/v1/sandbox/inbound', {
      token: admin.token,
      body: { channel: 'sms', from: `+1415555${String(7000 + ++n)}`, to: phone, body },
    });
    expect(sent.status).toBe(201);
    return sent.body.id as string;
  };

  beforeAll(async () => {
    t = await startTestIris(kind);
    admin = await t.signup('Realtime Co');
    const numbers = (await t.request('/v1/numbers', { token: admin.token })).body.data;
    phone = numbers.find((x: { kind: string }) => x.kind === 'phone_number').address;
  }, 120_000);
  afterAll(() => t?.close());

  it('refuses a connection without a valid token, and plain HTTP', async () => {
    expect((await t.request('/v1/realtime')).status).toBe(401);
    expect((await t.request('/v1/realtime?token=nope')).status).toBe(401);
    const plain = await t.request(`/v1/realtime?token=${admin.token}`);
    expect(plain.status).toBe(400);
    await expect(connectRealtime(t.url, 'not-a-token')).rejects.toThrow(/401/);
    await expect(connectRealtime(t.url, admin.token, 'not-a-cursor')).rejects.toThrow(/422/);
  });

  it('streams conversation events live after ready', async () => {
    const client = await connectRealtime(t.url, admin.token);
    const ready = await client.next((f) => f.type === 'ready');
    expect(ready.cursor === null || ready.cursor.startsWith('evt_')).toBe(true);
    const messageId = await inbound('hello live');
    const created = await client.next(
      (f) => f.type === 'conversation.message_created' && f.data.messageId === messageId,
    );
    expect(created.id).toMatch(/^evt_/);
    await client.next((f) => f.type === 'message.received' && f.data.message.id === messageId);
    const snapshot = await client.next((f) => f.type === 'presence.snapshot');
    expect(snapshot.agents).toEqual([expect.objectContaining({ userId: admin.userId, connected: true })]);
    await client.close();
  });

  it('replays what was missed while disconnected, in order, then goes live', async () => {
    const first = await connectRealtime(t.url, admin.token);
    const before = await inbound('before the drop');
    await first.next((f) => f.type === 'conversation.message_created' && f.data.messageId === before);
    const cursor = first.cursor()!;
    await first.close();

    const missed = [await inbound('missed one'), await inbound('missed two'), await inbound('missed three')];
    const second = await connectRealtime(t.url, admin.token, cursor);
    const ready = await second.next((f) => f.type === 'ready');
    expect(ready.cursor).toBe(cursor);
    const replayed = await second.next((f) => f.type === 'replayed');
    expect(replayed.complete).toBe(true);
    const events = second.events();
    const ids = events.map((f) => f.id);
    expect(ids).toEqual([...ids].sort());
    // Everything after the cursor arrived (at-least-once: the late window may repeat a little before it).
    const messageCreated = events
      .filter((f) => f.type === 'conversation.message_created' && f.id > cursor)
      .map((f) => f.data.messageId);
    expect(messageCreated).toEqual(missed);
    const live = await inbound('after the resume');
    await second.next((f) => f.type === 'conversation.message_created' && f.data.messageId === live);
    expect(new Set(second.events().map((f) => f.id)).size).toBe(second.events().length);
    await second.close();
  });

  it('answers pings and passes typing to others who follow the conversation', async () => {
    const a = await connectRealtime(t.url, admin.token);
    const b = await connectRealtime(t.url, admin.token);
    await Promise.all([
      a.next((f) => f.type === 'presence.snapshot'),
      b.next((f) => f.type === 'presence.snapshot'),
    ]);
    a.send({ type: 'ping' });
    await a.next((f) => f.type === 'pong');
    a.send({ type: 'nonsense' });
    await a.next((f) => f.type === 'error');
    a.send({ type: 'presence', status: 'away' });
    const away = await b.next((f) => f.type === 'presence' && f.agent.status === 'away');
    expect(away.agent.userId).toBe(admin.userId);
    a.send({ type: 'typing', conversationId: 'conv_x' });
    // Same user on both sockets: typing is not echoed to the typist's own user.
    b.send({ type: 'ping' });
    await b.next((f) => f.type === 'pong');
    expect(b.frames.some((f) => f.type === 'typing')).toBe(false);
    a.send({ type: 'presence', status: 'available' });
    await b.next((f) => f.type === 'presence' && f.agent.status === 'available');
    await Promise.all([a.close(), b.close()]);
  });
});

// Scaled out: two api nodes on one PostgreSQL, NATS and Redis (whenever CI provides them).
const clusters =
  databaseKinds().includes('postgres') && process.env.NATS_URL && process.env.REDIS_URL
    ? ['postgres + nats + redis']
    : [];

describe.each(clusters)('realtime across two nodes (%s)', () => {
  let t: TestIris;
  let second: Awaited<ReturnType<typeof startSecondNode>>;
  beforeAll(async () => {
    // One master key for both nodes, so either verifies the other's access tokens.
    const secret = randomBytes(32).toString('base64');
    t = await startTestIris('postgres', { IRIS_SECRET_KEY: secret });
    second = await startSecondNode(t.iris, { IRIS_SECRET_KEY: secret });
  }, 120_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('delivers events committed on one node and presence set on another', async () => {
    const admin = await t.signup('Cluster Co');
    const numbers = (await t.request('/v1/numbers', { token: admin.token })).body.data;
    const phone = numbers.find((x: { kind: string }) => x.kind === 'phone_number').address;
    const onSecond = await connectRealtime(second.url, admin.token);
    const onFirst = await connectRealtime(t.url, admin.token);
    await Promise.all([
      onSecond.next((f) => f.type === 'presence.snapshot'),
      onFirst.next((f) => f.type === 'presence.snapshot'),
    ]);
    const sent = await t.request('/v1/sandbox/inbound', {
      token: admin.token,
      body: { channel: 'sms', from: '+14155559001', to: phone, body: 'to whichever node' },
    });
    await onSecond.next(
      (f) => f.type === 'conversation.message_created' && f.data.messageId === sent.body.id,
    );
    await onFirst.next((f) => f.type === 'conversation.message_created' && f.data.messageId === sent.body.id);
    onFirst.send({ type: 'presence', status: 'busy' });
    await onSecond.next((f) => f.type === 'presence' && f.agent.status === 'busy');
    // Presence lives in Redis: the second node answers for a socket held by the first.
    const presence = await second.request('/v1/agents/me/presence', { token: admin.token });
    expect(presence.body).toMatchObject({ status: 'busy', connected: true });
    await Promise.all([onFirst.close(), onSecond.close()]);
  });
});
