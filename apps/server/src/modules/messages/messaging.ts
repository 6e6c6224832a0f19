import type { ChannelKind, ChannelProvider, ProviderModule } from '../../channels/channel';
import { CHAT_PROVIDERS } from '../../channels/chat/registry';
import { EMAIL_PROVIDERS } from '../../channels/email/registry';
import type { ProviderInstance } from '../../channels/provider-instance';
import type { ProviderRuntime } from '../../channels/provider-runtime';
import { createMessageRouter, type MessageRouter } from '../../channels/router/message-router';
import type { RateTable } from '../../channels/router/rate-table';
import type { RoutingRule } from '../../channels/router/routing-rules';
import { SMS_PROVIDERS } from '../../channels/sms/registry';
import { WHATSAPP_PROVIDERS } from '../../channels/whatsapp/registry';
import { type Config, ConfigError } from '../../config';
import type { Tx } from '../../platform/db/database';
import type { messages } from './messages.schema';

/** Runs inside the transaction that stores an inbound message (the inbox issue hooks conversations here). */
export type InboundHook = (tx: Tx, message: typeof messages.$inferSelect) => Promise<void>;

export type Messaging = {
  router: MessageRouter;
  inboundHooks: InboundHook[];
  /** What provider adapters are created with (tenant-owned instances are created later, on demand). */
  runtime: ProviderRuntime;
};

/** What tests and deployments may inject instead of (or besides) the configured providers. */
export type MessagingOverrides = {
  providers?: ChannelProvider<ChannelKind>[];
  rules?: RoutingRule[];
  rates?: Record<string, RateTable>;
  inboundHooks?: InboundHook[];
};

const REGISTRIES = {
  sms: SMS_PROVIDERS,
  email: EMAIL_PROVIDERS,
  whatsapp: WHATSAPP_PROVIDERS,
  chat: CHAT_PROVIDERS,
} as const;

type AnyModule = ProviderModule<ChannelKind, unknown, ProviderRuntime>;

/**
 * Checks every configured instance (`MESSAGING_PROVIDERS`) against its kind's registry: a known
 * provider, credentials its schema accepts. Runs first thing at start, so a bad entry fails start
 * (a ConfigError naming it) before anything is opened.
 */
export function checkMessagingProviders(config: Config) {
  resolveInstances(config.messaging.providers);
}

function resolveInstances(instances: ProviderInstance[]) {
  const problems: string[] = [];
  const resolved: { instance: ProviderInstance; module: AnyModule; credentials: unknown }[] = [];
  for (const instance of instances) {
    const registry = REGISTRIES[instance.kind] as readonly AnyModule[];
    const module = registry.find((m) => m.id === instance.provider);
    if (!module) {
      const known = registry.map((m) => m.id).join(', ');
      problems.push(
        `MESSAGING_PROVIDERS: ${instance.id}: no ${instance.kind} provider "${instance.provider}" (known: ${known})`,
      );
      continue;
    }
    const credentials = module.credentialsSchema.safeParse(instance.credentials);
    if (!credentials.success) {
      for (const issue of credentials.error.issues)
        problems.push(
          `MESSAGING_PROVIDERS: ${instance.id}: credentials.${issue.path.join('.')}: ${issue.message}`,
        );
      continue;
    }
    resolved.push({ instance, module, credentials: credentials.data });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return resolved;
}

/** The configured instances (`MESSAGING_PROVIDERS`), each created by its kind's registry module. */
function createConfiguredProviders(instances: ProviderInstance[], runtime: ProviderRuntime) {
  return resolveInstances(instances).map(({ instance, module, credentials }) =>
    module.create({ instanceId: instance.id, credentials, runtime }),
  );
}

/** The sandbox provider of every kind, the configured instances and injected providers, behind one router with breakers. */
export function createMessaging(
  config: Config,
  runtime: ProviderRuntime,
  overrides: MessagingOverrides = {},
): Messaging {
  const sandboxes = Object.values(REGISTRIES).flatMap((registry) =>
    (registry as readonly AnyModule[])
      .filter((module) => module.id === 'sandbox')
      .map((module) => module.create({ instanceId: module.id, credentials: {}, runtime })),
  );
  const injected = [
    ...createConfiguredProviders(config.messaging.providers, runtime),
    ...(overrides.providers ?? []),
  ];
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
    runtime,
  };
}
