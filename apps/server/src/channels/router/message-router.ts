import type { ChannelKind, ChannelProvider, OutboundMessage, SendResult } from '../channel';
import { ProviderError } from '../channel';
import { providerErrorFromFetch } from '../provider-error';
import { type CircuitBreaker, createCircuitBreaker } from './circuit-breaker';
import { messagePrice, type RateTable } from './rate-table';
import { matchRule, type RouteTarget, type RoutingRule } from './routing-rules';

export type Money = { amountMicros: number; currency: string };
export type RoutingDecision = {
  at: string;
  provider: string;
  outcome: 'sent' | 'skipped_circuit_open' | 'skipped_rate_limited' | 'retryable_error' | 'permanent_error';
  price: Money | null;
  code?: string;
  detail?: string;
  /** The message's send attempt this decision belongs to (set when the outcome is stored). */
  attempt?: number;
  /** The provider asked to be left alone until then (Retry-After), ISO 8601. */
  retryAt?: string;
};
export type RouteOutcome =
  | { ok: true; provider: string; result: SendResult; price: Money | null; decisions: RoutingDecision[] }
  | {
      ok: false;
      retryable: boolean;
      code: string;
      message: string;
      decisions: RoutingDecision[];
      /** Every candidate asked to be left alone (Retry-After): the next attempt should wait this long. */
      retryAfterMs?: number;
    };

/** Tenant-owned instance ids start with this; platform ids (`MESSAGING_PROVIDERS`) may not. */
export const TENANT_INSTANCE_PREFIX = 't_';

/**
 * Where the router finds the instances tenants brought themselves (bring your own account). They
 * live in the database, so every node sees a new one at once; they carry only their owner's messages.
 */
export type TenantProviderSource = {
  find(
    kind: ChannelKind,
    id: string,
  ): Promise<{ tenantId: string; provider: ChannelProvider<ChannelKind> } | undefined>;
};

/** What this node last saw of a provider (health is per process: breakers are not shared). */
type LastOutcome = {
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastErrorCode: string | null;
  lastError: string | null;
};
const NO_OUTCOME: LastOutcome = {
  lastSuccessAt: null,
  lastFailureAt: null,
  lastErrorCode: null,
  lastError: null,
};

export type MessageRouterOptions = {
  providers: ChannelProvider<ChannelKind>[];
  rules: RoutingRule[];
  /** By provider instance id; a provider without one costs nothing (and sorts first). */
  rates: Record<string, RateTable>;
  breaker: { failureThreshold: number; cooldownMs: number };
  sendTimeoutMs: number;
  now?: () => number;
};

/**
 * Least-cost routing with failover: candidates from the best routing rule, ordered by price; a
 * provider whose circuit is open is skipped; a retryable failure moves on to the next candidate, a
 * permanent one ends the attempt. Every step is returned as a decision to store on the message.
 */
export function createMessageRouter(options: MessageRouterOptions) {
  const byKey = new Map(options.providers.map((p) => [`${p.kind}:${p.id}`, p]));
  const now = () => options.now?.() ?? Date.now();
  // Providers that answered 429/503 with Retry-After, until when: not asked again before that.
  const holds = new Map<string, number>();
  const breakers = new Map<string, CircuitBreaker>();
  const outcomes = new Map<string, LastOutcome>();
  let tenantSource: TenantProviderSource | undefined;
  const noteOutcome = (key: string, error?: ProviderError) => {
    const last = outcomes.get(key) ?? NO_OUTCOME;
    if (error)
      outcomes.set(key, {
        ...last,
        lastFailureAt: new Date(now()),
        lastErrorCode: error.code,
        lastError: error.message,
      });
    else outcomes.set(key, { ...last, lastSuccessAt: new Date(now()) });
  };

  /** A platform instance, or a tenant's own; with `tenantId`, another tenant's instance is not found. */
  async function resolve(kind: ChannelKind, id: string, tenantId?: string) {
    const platform = byKey.get(`${kind}:${id}`);
    if (platform) return { provider: platform, tenantId: null };
    if (!id.startsWith(TENANT_INSTANCE_PREFIX) || !tenantSource) return undefined;
    const owned = await tenantSource.find(kind, id);
    if (!owned || (tenantId !== undefined && owned.tenantId !== tenantId)) return undefined;
    return owned;
  }

  /** The tenant's own instances among the ids its rule (or sender) names: loaded only when named. */
  async function ownedCandidates(
    target: RouteTarget,
    pinned: string[] | undefined,
    tenantRules: RoutingRule[],
  ) {
    const ids = pinned ?? matchRule([...options.rules, ...tenantRules], target)?.providers ?? [];
    const found = await Promise.all(
      ids
        .filter((id) => id.startsWith(TENANT_INSTANCE_PREFIX) && !byKey.has(`${target.kind}:${id}`))
        .map((id) => resolve(target.kind, id, target.tenantId)),
    );
    return found.flatMap((owned) => (owned ? [owned.provider] : []));
  }
  const breakerOf = (key: string) => {
    let breaker = breakers.get(key);
    if (!breaker) {
      breaker = createCircuitBreaker({ ...options.breaker, now: options.now });
      breakers.set(key, breaker);
    }
    return breaker;
  };

  /**
   * `tenantRules`: the tenant's own rules, considered with the platform's (a tenant rule wins).
   * `pinned`: the sender can only be carried by these (a sandbox number by the sandbox).
   */
  function candidates(
    target: RouteTarget,
    units: number,
    pinned?: string[],
    tenantRules: RoutingRule[] = [],
    owned: ChannelProvider<ChannelKind>[] = [],
  ) {
    const ownedByKey = new Map(owned.map((p) => [`${p.kind}:${p.id}`, p]));
    const rule = matchRule([...options.rules, ...tenantRules], target);
    const ids =
      pinned ??
      (rule ? rule.providers : options.providers.filter((p) => p.kind === target.kind).map((p) => p.id));
    return ids
      .map((id) => byKey.get(`${target.kind}:${id}`) ?? ownedByKey.get(`${target.kind}:${id}`))
      .filter((p): p is ChannelProvider<ChannelKind> => p !== undefined)
      .map((provider, order) => {
        const table = options.rates[provider.id];
        return { provider, order, price: table ? messagePrice(table, target.to, units) : null };
      })
      .sort((a, b) => (a.price?.amountMicros ?? 0) - (b.price?.amountMicros ?? 0) || a.order - b.order);
  }

  async function send(
    message: OutboundMessage,
    target: RouteTarget,
    units: number,
    pinned?: string[],
    tenantRules: RoutingRule[] = [],
  ): Promise<RouteOutcome> {
    const decisions: RoutingDecision[] = [];
    const owned = tenantSource ? await ownedCandidates(target, pinned, tenantRules) : [];
    const list = candidates(target, units, pinned, tenantRules, owned);
    if (list.length === 0)
      return {
        ok: false,
        retryable: false,
        code: 'no_route',
        message: `No provider routes ${target.channel}`,
        decisions,
      };
    let lastError: ProviderError | undefined;
    // The earliest time a held candidate may be asked again; undefined once any candidate failed without one.
    let soonest: number | undefined = Number.POSITIVE_INFINITY;
    for (const { provider, price } of list) {
      const at = () => new Date(now()).toISOString();
      const key = `${provider.kind}:${provider.id}`;
      const heldUntil = holds.get(key) ?? 0;
      if (heldUntil > now()) {
        decisions.push({
          at: at(),
          provider: provider.id,
          outcome: 'skipped_rate_limited',
          price,
          code: 'provider_rate_limited',
          retryAt: new Date(heldUntil).toISOString(),
        });
        if (soonest !== undefined) soonest = Math.min(soonest, heldUntil);
        continue;
      }
      const breaker = breakerOf(key);
      if (!breaker.tryAcquire()) {
        soonest = undefined;
        decisions.push({ at: at(), provider: provider.id, outcome: 'skipped_circuit_open', price });
        continue;
      }
      try {
        const result = await provider.send(message, { signal: AbortSignal.timeout(options.sendTimeoutMs) });
        breaker.onSuccess();
        noteOutcome(key);
        decisions.push({ at: at(), provider: provider.id, outcome: 'sent', price });
        return { ok: true, provider: provider.id, result, price, decisions };
      } catch (thrown) {
        const error = thrown instanceof ProviderError ? thrown : providerErrorFromFetch(thrown, provider.id);
        noteOutcome(key, error);
        const retryAt =
          error.retryable && error.retryAfterMs !== undefined ? now() + error.retryAfterMs : undefined;
        // A provider that says when to come back is up and throttling us, not failing.
        if (error.retryable && retryAt === undefined) breaker.onFailure();
        else breaker.onNeutral();
        if (retryAt !== undefined) {
          holds.set(key, retryAt);
          if (soonest !== undefined) soonest = Math.min(soonest, retryAt);
        } else if (error.retryable) soonest = undefined;
        decisions.push({
          at: at(),
          provider: provider.id,
          outcome: error.retryable ? 'retryable_error' : 'permanent_error',
          price,
          code: error.code,
          detail: error.message,
          ...(retryAt !== undefined ? { retryAt: new Date(retryAt).toISOString() } : {}),
        });
        lastError = error;
        if (!error.retryable)
          return { ok: false, retryable: false, code: error.code, message: error.message, decisions };
      }
    }
    const retryAfterMs =
      soonest !== undefined && Number.isFinite(soonest) ? Math.max(0, soonest - now()) : undefined;
    return {
      ok: false,
      retryable: true,
      code:
        lastError?.code ?? (retryAfterMs !== undefined ? 'provider_rate_limited' : 'no_provider_available'),
      message:
        lastError?.message ??
        (retryAfterMs !== undefined
          ? 'Every candidate provider asked us to wait (Retry-After)'
          : 'Every candidate provider is unavailable (circuits open)'),
      decisions,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }

  return {
    candidates,
    send,
    provider: (kind: ChannelKind, id: string) => byKey.get(`${kind}:${id}`),
    providers: () => [...byKey.values()],
    breakerState: (kind: ChannelKind, id: string) => breakerOf(`${kind}:${id}`).state(),
    resolve,
    /** Plugs in the tenants' own instances (set once at start, when the database is open). */
    useTenantProviders(source: TenantProviderSource) {
      tenantSource = source;
    },
    /** Circuit state and last outcomes as this process saw them. */
    health(kind: ChannelKind, id: string) {
      const key = `${kind}:${id}`;
      const last = outcomes.get(key) ?? NO_OUTCOME;
      return { ...breakerOf(key).snapshot(), ...last };
    },
    /** Drops what this node knew of an instance (its credentials changed, or it was removed). */
    forget(kind: ChannelKind, id: string) {
      const key = `${kind}:${id}`;
      breakers.delete(key);
      holds.delete(key);
      outcomes.delete(key);
    },
  };
}
export type MessageRouter = ReturnType<typeof createMessageRouter>;
