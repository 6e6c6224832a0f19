import type { ChannelKind, ChannelProvider } from '../../channels/channel';
import { CHAT_PROVIDERS } from '../../channels/chat/registry';
import { EMAIL_PROVIDERS } from '../../channels/email/registry';
import { createMessageRouter, type MessageRouter } from '../../channels/router/message-router';
import type { RateTable } from '../../channels/router/rate-table';
import type { RoutingRule } from '../../channels/router/routing-rules';
import type { SandboxSink } from '../../channels/sandbox/sandbox-sink';
import { SMS_PROVIDERS } from '../../channels/sms/registry';
import { WHATSAPP_PROVIDERS } from '../../channels/whatsapp/registry';
import type { Config } from '../../config';
import type { Tx } from '../../platform/db/database';
import type { messages } from './messages.schema';

/** Runs inside the transaction that stores an inbound message (the inbox issue hooks conversations here). */
export type InboundHook = (tx: Tx, message: typeof messages.$inferSelect) => Promise<void>;

export type Messaging = { router: MessageRouter; inboundHooks: InboundHook[] };

/** What tests and deployments may inject instead of (or besides) the configured providers. */
export type MessagingOverrides = {
  providers?: ChannelProvider<ChannelKind>[];
  rules?: RoutingRule[];
  rates?: Record<string, RateTable>;
  inboundHooks?: InboundHook[];
};

/** The sandbox provider of every kind, plus injected providers, behind one router with breakers. */
export function createMessaging(
  config: Config,
  sandbox: SandboxSink,
  overrides: MessagingOverrides = {},
): Messaging {
  const runtime = { sandbox };
  const sandboxes = [SMS_PROVIDERS, EMAIL_PROVIDERS, WHATSAPP_PROVIDERS, CHAT_PROVIDERS].flatMap((registry) =>
    registry.map(
      (module) =>
        module.create({ instanceId: module.id, credentials: {}, runtime }) as ChannelProvider<ChannelKind>,
    ),
  );
  const injected = overrides.providers ?? [];
  const providers = [
    ...sandboxes.filter((s) => !injected.some((p) => p.kind === s.kind && p.id === s.id)),
    ...injected,
  ];
  return {
    router: createMessageRouter({
      providers,
      rules: overrides.rules ?? config.messaging.routes,
      rates: { ...config.messaging.rates, ...overrides.rates },
      breaker: config.messaging.breaker,
      sendTimeoutMs: config.messaging.providerTimeoutMs,
    }),
    inboundHooks: [...(overrides.inboundHooks ?? [])],
  };
}
