import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '../logging/logger';
import { assertValidSubject, type EventBus } from './event-bus';

/** The event bus across processes: core NATS pub/sub, JSON payloads. */
export async function createNatsBus(options: {
  url: string;
  logger: Logger;
  name?: string;
}): Promise<EventBus> {
  const nc: NatsConnection = await connect({
    servers: options.url,
    name: options.name ?? 'iris',
    maxReconnectAttempts: -1,
  });
  const { logger } = options;

  return {
    kind: 'nats',
    async publish(subject, data) {
      assertValidSubject(subject, false);
      nc.publish(subject, JSON.stringify(data ?? null));
    },
    subscribe(pattern, handler) {
      assertValidSubject(pattern, true);
      const sub = nc.subscribe(pattern, {
        callback: (error, msg) => {
          if (error) {
            logger.error({ err: error, pattern }, 'event bus subscription failed');
            return;
          }
          let data: unknown;
          try {
            data = msg.json();
          } catch (parseError) {
            logger.warn({ err: parseError, subject: msg.subject }, 'event bus dropped a non-JSON message');
            return;
          }
          // A subscriber that throws synchronously must not reach the NATS reader (it would close the connection).
          Promise.resolve()
            .then(() => handler({ subject: msg.subject, data }))
            .catch((handlerError) =>
              logger.error({ err: handlerError, subject: msg.subject }, 'event bus subscriber failed'),
            );
        },
      });
      return { unsubscribe: () => sub.unsubscribe() };
    },
    flush: () => nc.flush(),
    async ping() {
      await nc.rtt();
    },
    async close() {
      await nc.drain();
    },
  };
}
