import type { Logger } from '../logging/logger';
import { assertValidSubject, type BusHandler, type EventBus, subjectMatches } from './event-bus';

/** The embedded default: delivery within this process, asynchronously, like a broker would. */
export function createMemoryBus(options: { logger: Logger }): EventBus {
  const subscriptions = new Set<{ pattern: string; handler: BusHandler }>();
  let pending: Promise<unknown> = Promise.resolve();
  let closed = false;

  return {
    kind: 'memory',
    async publish(subject, data) {
      if (closed) throw new Error('event bus is closed');
      assertValidSubject(subject, false);
      // Deliver a structured copy so a subscriber can never mutate the publisher's object.
      const payload = structuredClone(data);
      const targets = [...subscriptions].filter((s) => subjectMatches(s.pattern, subject));
      const delivery = new Promise<void>((resolve) => setImmediate(resolve)).then(() =>
        Promise.all(
          targets.map(async (s) => {
            if (!subscriptions.has(s)) return;
            try {
              await s.handler({ subject, data: payload });
            } catch (error) {
              options.logger.error({ err: error, subject }, 'event bus subscriber failed');
            }
          }),
        ),
      );
      pending = Promise.all([pending, delivery]);
    },
    subscribe(pattern, handler) {
      assertValidSubject(pattern, true);
      const entry = { pattern, handler };
      subscriptions.add(entry);
      return { unsubscribe: () => subscriptions.delete(entry) };
    },
    async flush() {
      await pending;
    },
    async ping() {
      if (closed) throw new Error('event bus is closed');
    },
    async close() {
      closed = true;
      await pending;
      subscriptions.clear();
    },
  };
}
