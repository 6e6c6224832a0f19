import { z } from 'zod';

import { ENV_VARS, type EnvVar, ROLES, type Role } from './config-vars';

export { ENV_VARS, ROLES, type Role };

export type EnvName = keyof typeof ENV_VARS;

const ConfigSchema = z.object(
  Object.fromEntries(Object.entries(ENV_VARS).map(([name, v]) => [name, v.schema])) as {
    [K in EnvName]: (typeof ENV_VARS)[K]['schema'];
  },
);
type RawConfig = z.infer<typeof ConfigSchema>;

export type Config = {
  http: { port: number; host: string; publicUrl: string; bodyLimitBytes: number };
  dataDir: string;
  roles: Role[];
  database: { url?: string; poolSize: number };
  natsUrl?: string;
  redisUrl?: string;
  voice: {
    sipHost: string;
    sipPort: number;
    rtpengineHosts?: string[];
    rtpengineBinary?: string;
    rtpPortMin: number;
    rtpPortMax: number;
    heartbeatSeconds: number;
    nodeLostSeconds: number;
    /** Lifetime of signed recording download URLs. */
    recordingUrlTtlSeconds: number;
  };
  secretKey?: string;
  auth: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    loginMaxFailures: number;
    loginLockoutSeconds: number;
  };
  publicRateLimitPerMinute: number;
  webhooks: {
    allowPrivate: boolean;
    concurrency: number;
    retentionDays: number;
    retryDelaysSeconds: number[];
  };
  logLevel: RawConfig['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  jobs: { pollingIntervalMs: number; maintenanceIntervalSeconds: number };
  messaging: {
    rates: RawConfig['MESSAGING_RATES'];
    routes: RawConfig['MESSAGING_ROUTES'];
    providers: RawConfig['MESSAGING_PROVIDERS'];
    providerTimeoutMs: number;
    breaker: { failureThreshold: number; cooldownMs: number };
    sandbox: { deliveryDelayMs: number; failureRate: number };
  };
  email: {
    smtpHost: string;
    smtpPort: number;
    maxMessageBytes: number;
    maxAttachmentBytes: number;
    dnsServers?: string[];
    dnsTimeoutMs: number;
    spfInclude?: string;
    inboundMx?: string;
    tracking: { opens: boolean; clicks: boolean };
  };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parse the environment once at start; one error lists every problem. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string | undefined> = {};
  for (const [name, v] of Object.entries(ENV_VARS) as [EnvName, EnvVar][]) {
    const value = env[name] === '' ? undefined : env[name];
    input[name] = value ?? v.default;
  }
  const parsed = ConfigSchema.safeParse(input);
  if (!parsed.success) {
    // One line per variable, however many of its checks failed.
    const byVariable = new Map<string, string[]>();
    for (const issue of parsed.error.issues) {
      const name = issue.path.join('.');
      byVariable.set(name, [...(byVariable.get(name) ?? []), issue.message]);
    }
    throw new ConfigError([...byVariable].map(([name, messages]) => `${name}: ${messages.join('; ')}`));
  }
  const c = parsed.data;
  if (c.RTP_PORT_MIN >= c.RTP_PORT_MAX) throw new ConfigError(['RTP_PORT_MIN: must be below RTP_PORT_MAX']);
  return {
    http: {
      port: c.PORT,
      host: c.HOST,
      publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
      bodyLimitBytes: c.HTTP_BODY_LIMIT_BYTES,
    },
    dataDir: c.IRIS_DATA_DIR,
    roles: c.IRIS_ROLES,
    database: { url: c.DATABASE_URL, poolSize: c.DATABASE_POOL_SIZE },
    natsUrl: c.NATS_URL,
    redisUrl: c.REDIS_URL,
    voice: {
      sipHost: c.SIP_HOST,
      sipPort: c.SIP_PORT,
      rtpengineHosts: c.RTPENGINE_HOSTS,
      rtpengineBinary: c.RTPENGINE_BINARY,
      rtpPortMin: c.RTP_PORT_MIN,
      rtpPortMax: c.RTP_PORT_MAX,
      heartbeatSeconds: c.VOICE_HEARTBEAT_SECONDS,
      nodeLostSeconds: c.VOICE_NODE_LOST_SECONDS,
      recordingUrlTtlSeconds: c.RECORDING_URL_TTL_SECONDS,
    },
    secretKey: c.IRIS_SECRET_KEY,
    auth: {
      accessTokenTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: c.REFRESH_TOKEN_TTL_DAYS,
      loginMaxFailures: c.LOGIN_MAX_FAILURES,
      loginLockoutSeconds: c.LOGIN_LOCKOUT_SECONDS,
    },
    publicRateLimitPerMinute: c.RATE_LIMIT_PUBLIC_PER_MINUTE,
    webhooks: {
      allowPrivate: c.IRIS_ALLOW_PRIVATE_WEBHOOKS,
      concurrency: c.WEBHOOK_CONCURRENCY,
      retentionDays: c.EVENTS_RETENTION_DAYS,
      retryDelaysSeconds: c.WEBHOOK_RETRY_DELAYS_SECONDS,
    },
    logLevel: c.LOG_LEVEL,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    jobs: {
      pollingIntervalMs: c.JOBS_POLLING_INTERVAL_MS,
      maintenanceIntervalSeconds: c.JOBS_MAINTENANCE_INTERVAL_SECONDS,
    },
    messaging: {
      rates: c.MESSAGING_RATES,
      routes: c.MESSAGING_ROUTES,
      providers: c.MESSAGING_PROVIDERS,
      providerTimeoutMs: c.PROVIDER_TIMEOUT_MS,
      breaker: { failureThreshold: c.CIRCUIT_BREAKER_THRESHOLD, cooldownMs: c.CIRCUIT_BREAKER_COOLDOWN_MS },
      sandbox: { deliveryDelayMs: c.SANDBOX_DELIVERY_DELAY_MS, failureRate: c.SANDBOX_FAILURE_RATE },
    },
    email: {
      smtpHost: c.SMTP_HOST,
      smtpPort: c.SMTP_PORT,
      maxMessageBytes: c.SMTP_MAX_MESSAGE_BYTES,
      maxAttachmentBytes: c.EMAIL_MAX_ATTACHMENT_BYTES,
      dnsServers: c.EMAIL_DNS_SERVERS,
      dnsTimeoutMs: c.EMAIL_DNS_TIMEOUT_MS,
      spfInclude: c.EMAIL_SPF_INCLUDE,
      inboundMx: c.EMAIL_INBOUND_MX,
      tracking: { opens: c.EMAIL_TRACK_OPENS, clicks: c.EMAIL_TRACK_CLICKS },
    },
  };
}

/** Markdown reference of every variable, generated from ENV_VARS (docs/configuration.md). */
export function renderConfigDocs(): string {
  const rows = (Object.entries(ENV_VARS) as [EnvName, EnvVar][]).map(
    ([name, v]) =>
      `| \`${name}\` | ${v.default !== undefined ? `\`${v.default}\`` : '—'} | ${v.doc}${v.example ? ` Example: \`${v.example}\`.` : ''} |`,
  );
  return [
    '# Configuration',
    '',
    'IRIS reads its configuration from environment variables, once, at start (`apps/server/src/config.ts`).',
    'A bad or missing value stops the process with exit code 2 and one message that lists every problem.',
    'This file is generated by `npm run docs:config`; a test fails when it is out of date.',
    '',
    '| variable | default | meaning |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
