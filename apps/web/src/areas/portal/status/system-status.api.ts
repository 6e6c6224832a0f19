import { requestJson } from '../../../shared/api/request-json';

export type CheckResult = { ok: boolean; ms: number; error?: string };

export type Readiness = { status: 'ready' | 'unavailable'; checks: Record<string, CheckResult> };

export type SystemStatus = { alive: boolean; readiness: Readiness; checkedAt: Date };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseHealth(body: unknown): { status: 'ok' } {
  if (!isRecord(body) || body.status !== 'ok') throw new Error('expected {"status":"ok"}');
  return { status: 'ok' };
}

export function parseReadiness(body: unknown): Readiness {
  if (
    !isRecord(body) ||
    (body.status !== 'ready' && body.status !== 'unavailable') ||
    !isRecord(body.checks)
  ) {
    throw new Error('expected {"status":"ready"|"unavailable","checks":{…}}');
  }
  const checks: Record<string, CheckResult> = {};
  for (const [name, check] of Object.entries(body.checks)) {
    if (!isRecord(check) || typeof check.ok !== 'boolean' || typeof check.ms !== 'number') {
      throw new Error(`check "${name}" lacks ok/ms`);
    }
    checks[name] = {
      ok: check.ok,
      ms: check.ms,
      ...(typeof check.error === 'string' ? { error: check.error } : {}),
    };
  }
  return { status: body.status, checks };
}

/** Liveness and readiness together; /ready answers 503 with the same body when a dependency is down. */
export async function fetchSystemStatus(options: { signal?: AbortSignal } = {}): Promise<SystemStatus> {
  const [health, ready] = await Promise.all([
    requestJson('/health', { parse: parseHealth, signal: options.signal }),
    requestJson('/ready', { parse: parseReadiness, acceptStatuses: [200, 503], signal: options.signal }),
  ]);
  return { alive: health.data.status === 'ok', readiness: ready.data, checkedAt: new Date() };
}

const CHECK_LABELS: Record<string, { label: string; description: string }> = {
  database: { label: 'Database', description: 'PostgreSQL or the embedded PGlite database' },
  jobs: { label: 'Job queue', description: 'Durable jobs: sends, webhook deliveries, campaigns' },
  bus: { label: 'Event bus', description: 'Live updates for agent screens and presence' },
  process: { label: 'Process', description: 'This IRIS process' },
};

export function describeCheck(name: string): { label: string; description: string } {
  return CHECK_LABELS[name] ?? { label: name, description: 'Readiness check reported by the server' };
}
