import { z } from 'zod';
import { CHANNEL_KINDS, type ChannelKind, MESSAGE_CHANNELS, type MessageChannel } from '../channel';

/**
 * Which providers may carry a message: the most specific matching rule wins — a tenant's own rule
 * before the platform's, then a channel-specific one before a kind-wide one, then the longest
 * destination prefix. Its providers are the candidates, later ordered by price.
 */
export const RoutingRuleSchema = z.object({
  kind: z.enum(CHANNEL_KINDS),
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  /** Destination prefixes (`+44`, `+1212`); none = any destination. */
  prefixes: z.array(z.string().regex(/^\+\d*$/)).default([]),
  tenantId: z.string().optional(),
  providers: z.array(z.string()).min(1),
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

export type RouteTarget = { kind: ChannelKind; channel: MessageChannel; to: string; tenantId: string };

function specificity(rule: RoutingRule, target: RouteTarget): number | undefined {
  if (rule.kind !== target.kind) return undefined;
  if (rule.channel && rule.channel !== target.channel) return undefined;
  if (rule.tenantId && rule.tenantId !== target.tenantId) return undefined;
  let prefixLength = 0;
  if (rule.prefixes.length > 0) {
    const matching = rule.prefixes.filter((p) => target.to.startsWith(p));
    if (matching.length === 0) return undefined;
    prefixLength = Math.max(...matching.map((p) => p.length));
  }
  return (rule.tenantId ? 1_000_000 : 0) + (rule.channel ? 1000 : 0) + prefixLength;
}

/** The providers the best rule names, or undefined when no rule matches. */
export function matchRule(rules: RoutingRule[], target: RouteTarget): RoutingRule | undefined {
  let best: { rule: RoutingRule; score: number } | undefined;
  for (const rule of rules) {
    const score = specificity(rule, target);
    if (score !== undefined && (!best || score > best.score)) best = { rule, score };
  }
  return best?.rule;
}
