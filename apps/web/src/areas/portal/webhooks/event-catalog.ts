import { requestJson } from '../../../shared/api/request-json';

/** One family of events (`message`, `call`…) with its types, and the `family.*` pattern that takes them all. */
export type EventFamily = { family: string; pattern: string; types: string[] };

/** Groups event types by the part before the dot, in the order the catalog lists them. */
export function groupEventTypes(types: readonly string[]): EventFamily[] {
  const families = new Map<string, string[]>();
  for (const type of types) {
    const family = type.split('.')[0] ?? type;
    families.set(family, [...(families.get(family) ?? []), type]);
  }
  return [...families].map(([family, list]) => ({ family, pattern: `${family}.*`, types: list }));
}

/**
 * The event catalog as the API publishes it: the `webhooks` section of its OpenAPI document lists
 * every event a tenant can subscribe to (there is no separate catalog endpoint).
 */
export async function fetchEventTypes(): Promise<string[]> {
  const { data } = await requestJson('/v1/openapi.json', {
    parse: (body) => {
      const hooks = (body as { webhooks?: Record<string, unknown> }).webhooks;
      if (!hooks || typeof hooks !== 'object') throw new Error('the API document lists no events');
      return Object.keys(hooks);
    },
  });
  return data;
}

/** Badge tone of a delivery status. */
export function deliveryTone(status: string): 'success' | 'warning' | 'danger' | 'neutral' {
  if (status === 'succeeded') return 'success';
  if (status === 'failed') return 'danger';
  if (status === 'pending') return 'warning';
  return 'neutral';
}

/** What an endpoint's state badge says: enabled, failing since…, or disabled with the reason. */
export function endpointState(endpoint: {
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
}): { label: string; tone: 'success' | 'warning' | 'danger'; detail: string | null } {
  if (!endpoint.enabled) return { label: 'disabled', tone: 'danger', detail: endpoint.disabledReason };
  if (endpoint.failingSince)
    return {
      label: 'failing',
      tone: 'warning',
      detail: `Every delivery has failed since ${new Date(endpoint.failingSince).toLocaleString()}; it is disabled after five days.`,
    };
  return { label: 'enabled', tone: 'success', detail: null };
}
