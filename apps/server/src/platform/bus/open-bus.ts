import type { Logger } from '../logging/logger';
import type { EventBus } from './event-bus';
import { createMemoryBus } from './memory-bus';
import { createNatsBus } from './nats-bus';

export function openEventBus(options: { natsUrl?: string; logger: Logger }): Promise<EventBus> {
  return options.natsUrl
    ? createNatsBus({ url: options.natsUrl, logger: options.logger })
    : Promise.resolve(createMemoryBus({ logger: options.logger }));
}
