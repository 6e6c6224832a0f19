import { OpenAPIHono } from '@hono/zod-openapi';
import type { ChannelKind, ProviderModule } from '../../channels/channel';
import { CHAT_PROVIDERS } from '../../channels/chat/registry';
import { EMAIL_PROVIDERS } from '../../channels/email/registry';
import type { ProviderRuntime } from '../../channels/provider-runtime';
import { SMS_PROVIDERS } from '../../channels/sms/registry';
import { WHATSAPP_PROVIDERS } from '../../channels/whatsapp/registry';
import { DOCS_PAGE, PROVIDER_META } from './provider-catalog-meta';

export type AnyProviderModule = ProviderModule<ChannelKind, unknown, ProviderRuntime>;

const REGISTRIES: Record<ChannelKind, readonly AnyProviderModule[]> = {
  sms: SMS_PROVIDERS as readonly AnyProviderModule[],
  email: EMAIL_PROVIDERS as readonly AnyProviderModule[],
  whatsapp: WHATSAPP_PROVIDERS as readonly AnyProviderModule[],
  chat: CHAT_PROVIDERS as readonly AnyProviderModule[],
};

export type CatalogEntry = {
  kind: ChannelKind;
  provider: string;
  displayName: string;
  docsUrl: string;
  /** Tenants may bring their own account of it (the sandbox is the platform's, never a tenant's). */
  tenantOwnable: boolean;
  credentialsSchema: Record<string, unknown>;
  secretFields: string[];
};

/** A provider module by kind and id (undefined when none). */
export function findProviderModule(kind: ChannelKind, provider: string): AnyProviderModule | undefined {
  return REGISTRIES[kind].find((m) => m.id === provider);
}

export function secretFieldsOf(kind: ChannelKind, provider: string): string[] {
  return PROVIDER_META[kind][provider]?.secrets ?? [];
}

let built: CatalogEntry[] | undefined;

/**
 * Every provider module with its credentials schema as JSON Schema, converted by the same generator
 * as the OpenAPI document (so the portal's form and the server's validation come from one schema).
 * Secret fields carry `writeOnly: true` and `format: password` besides being listed.
 */
export function providerCatalog(): CatalogEntry[] {
  if (built) return built;
  const generator = new OpenAPIHono();
  const name = (m: AnyProviderModule) => `${m.kind}__${m.id}`;
  const modules = Object.values(REGISTRIES).flat();
  for (const module of modules) generator.openAPIRegistry.register(name(module), module.credentialsSchema);
  const schemas = generator.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: 'catalog', version: '1' },
  }).components?.schemas as Record<string, Record<string, unknown>>;
  built = modules.map((module) => {
    const secrets = secretFieldsOf(module.kind, module.id);
    const schema = structuredClone(schemas[name(module)] ?? { type: 'object', properties: {} });
    const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const field of secrets) {
      const property = properties[field];
      if (!property) continue;
      property.writeOnly = true;
      if (property.type === 'string') property.format = 'password';
    }
    return {
      kind: module.kind,
      provider: module.id,
      displayName: PROVIDER_META[module.kind][module.id]?.displayName ?? module.id,
      docsUrl:
        module.id === 'sandbox'
          ? 'docs/providers/README.md'
          : `docs/providers/${DOCS_PAGE[module.id] ?? module.id}.md`,
      tenantOwnable: module.id !== 'sandbox',
      credentialsSchema: schema,
      secretFields: secrets,
    };
  });
  return built;
}
