import { z } from 'zod';
import type { ChannelKind, ChannelProvider, ProviderModule } from '../channel';
import type { ProviderRuntime } from '../provider-runtime';

/**
 * The sandbox provider of a channel kind: accepts every send and hands it to the device simulator,
 * which reports `delivered` (or `undelivered`, at the configured failure rate) like a carrier would.
 * Its message id derives from ours, so a resend after a crash is the same message.
 */
export function sandboxProviderModule<K extends ChannelKind>(
  kind: K,
): ProviderModule<K, object, ProviderRuntime> {
  return {
    id: 'sandbox',
    kind,
    credentialsSchema: z.object({}),
    create({ instanceId, runtime }): ChannelProvider<K> {
      return {
        id: instanceId,
        kind,
        async send(message) {
          const providerMessageId = `sbx_${message.messageId}`;
          await runtime.sandbox.accept({ ...message, providerMessageId });
          return { providerMessageId, status: 'queued' };
        },
      };
    },
  };
}
