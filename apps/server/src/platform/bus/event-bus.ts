/**
 * Live updates between processes (agent screens, presence). It may drop messages: anything that
 * must happen goes through the database and jobs (DESIGN §4).
 *
 * Subjects are dot-separated tokens (`tenant.t_1.message.created`); a subscription may use `*`
 * for exactly one token and a final `>` for one or more tokens, as in NATS.
 */
export type BusMessage = { subject: string; data: unknown };
export type BusHandler = (message: BusMessage) => void | Promise<void>;
export type Subscription = { unsubscribe(): void };

export type EventBus = {
  kind: 'memory' | 'nats';
  publish(subject: string, data: unknown): Promise<void>;
  subscribe(pattern: string, handler: BusHandler): Subscription;
  /** Resolves when every message published so far by this bus has reached the transport. */
  flush(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return i === p.length - 1 && s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

export function assertValidSubject(subject: string, allowWildcards: boolean): void {
  const tokens = subject.split('.');
  const bad = tokens.some(
    (t, i) =>
      t === '' ||
      /\s/.test(t) ||
      (!allowWildcards && (t === '*' || t === '>')) ||
      (t === '>' && i !== tokens.length - 1) ||
      (t.length > 1 && (t.includes('*') || t.includes('>'))),
  );
  if (bad) throw new TypeError(`invalid bus subject: "${subject}"`);
}
