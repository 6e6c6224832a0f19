import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../testing/test-logger';
import { type BusMessage, type EventBus, subjectMatches } from './event-bus';
import { createMemoryBus } from './memory-bus';
import { createNatsBus } from './nats-bus';

type Kind = 'memory' | 'nats';
// NATS whenever NATS_URL is set (CI sets it); the in-process bus always.
const kinds: Kind[] = process.env.NATS_URL ? ['memory', 'nats'] : ['memory'];

/** Two handles on one bus: the same instance in-process, two connections over NATS. */
async function openPair(kind: Kind): Promise<[EventBus, EventBus]> {
  if (kind === 'memory') {
    const bus = createMemoryBus({ logger: silentLogger });
    return [bus, bus];
  }
  const url = process.env.NATS_URL!;
  return [
    await createNatsBus({ url, logger: silentLogger }),
    await createNatsBus({ url, logger: silentLogger }),
  ];
}

/** Collects messages until `count` arrived (or fails after a bound). */
function collect(bus: EventBus, pattern: string, count: number) {
  const received: BusMessage[] = [];
  let done: () => void;
  const complete = new Promise<void>((resolve) => {
    done = resolve;
  });
  const subscription = bus.subscribe(pattern, (message) => {
    received.push(message);
    if (received.length === count) done();
  });
  const arrived = Promise.race([
    complete,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`only ${received.length}/${count} messages on ${pattern}`)), 5000),
    ),
  ]);
  return { received, arrived, subscription };
}

describe.each(kinds)('event bus contract: %s', (kind) => {
  const opened: EventBus[] = [];
  const open = async () => {
    const pair = await openPair(kind);
    opened.push(...pair);
    return pair;
  };
  afterEach(async () => {
    await Promise.all([...new Set(opened)].map((bus) => bus.close()));
    opened.length = 0;
  });

  it('delivers a JSON payload to a subscriber of the exact subject', async () => {
    const [publisher, subscriber] = await open();
    const inbox = collect(subscriber, 'tenant.t1.message.created', 1);
    await subscriber.flush();
    await publisher.publish('tenant.t1.message.created', {
      id: 'msg_1',
      body: 'héllo',
      n: 3,
      nested: { ok: true },
    });
    await inbox.arrived;
    expect(inbox.received).toEqual([
      {
        subject: 'tenant.t1.message.created',
        data: { id: 'msg_1', body: 'héllo', n: 3, nested: { ok: true } },
      },
    ]);
  });

  it('matches * to one token and > to the rest, and delivers nothing else', async () => {
    const [publisher, subscriber] = await open();
    const star = collect(subscriber, 'tenant.*.agent.status', 2);
    const tail = collect(subscriber, 'tenant.t2.>', 2);
    await subscriber.flush();
    await publisher.publish('tenant.t1.agent.status', 1);
    await publisher.publish('tenant.t1.agent.status.extra', 'not for star');
    await publisher.publish('tenant.t2.message.created', 2);
    await publisher.publish('other.t2.agent.status', 'for nobody');
    await publisher.publish('tenant.t2.agent.status', 3);
    await Promise.all([star.arrived, tail.arrived]);
    expect(star.received.map((m) => m.data)).toEqual([1, 3]);
    expect(tail.received.map((m) => m.data)).toEqual([2, 3]);
  });

  it('delivers to every subscriber, and stops after unsubscribe', async () => {
    const [publisher, subscriber] = await open();
    const first = collect(subscriber, 'presence.changed', 2);
    const second = collect(subscriber, 'presence.changed', 1);
    await subscriber.flush();
    await publisher.publish('presence.changed', 'a');
    await second.arrived;
    second.subscription.unsubscribe();
    await subscriber.flush();
    await publisher.publish('presence.changed', 'b');
    await first.arrived;
    expect(first.received.map((m) => m.data)).toEqual(['a', 'b']);
    expect(second.received.map((m) => m.data)).toEqual(['a']);
  });

  it('keeps delivering to others when one subscriber throws', async () => {
    const [publisher, subscriber] = await open();
    subscriber.subscribe('jobs.done', () => {
      throw new Error('subscriber bug');
    });
    const healthy = collect(subscriber, 'jobs.done', 2);
    await subscriber.flush();
    await publisher.publish('jobs.done', 1);
    await publisher.publish('jobs.done', 2);
    await healthy.arrived;
    expect(healthy.received.map((m) => m.data)).toEqual([1, 2]);
  });

  it('rejects invalid subjects', async () => {
    const [bus] = await open();
    await expect(bus.publish('tenant.*.x', 1)).rejects.toThrow(/invalid bus subject/);
    await expect(bus.publish('a..b', 1)).rejects.toThrow(/invalid bus subject/);
    expect(() => bus.subscribe('a.>.b', () => {})).toThrow(/invalid bus subject/);
  });

  it('answers ping while open', async () => {
    const [bus] = await open();
    await expect(bus.ping()).resolves.toBeUndefined();
  });
});

describe('subjectMatches', () => {
  it.each([
    ['a.b', 'a.b', true],
    ['a.*', 'a.b', true],
    ['a.*', 'a.b.c', false],
    ['a.>', 'a.b.c', true],
    ['a.>', 'a', false],
    ['*.b', 'a.b', true],
    ['a.b', 'a.c', false],
  ])('%s against %s is %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});
