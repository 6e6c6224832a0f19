import { z } from 'zod';

/** Roles a process can run; `iris start --roles` and IRIS_ROLES pick from these. */
export const ROLES = ['api', 'worker', 'voice'] as const;
export type Role = (typeof ROLES)[number];

type EnvVar = { schema: z.ZodType; doc: string; default?: string; example?: string };

const port = z.coerce.number().int().min(0).max(65535);
const url = (protocols: string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}://`)), {
    message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });
const roleList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((role) => role.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(ROLES)).min(1, 'must name at least one role'));

/**
 * Every environment variable IRIS reads, in one place: the loader, the docs
 * (docs/configuration.md) and `iris config-docs` are all generated from this table.
 */
export const ENV_VARS = {
  PORT: { schema: port, default: '3000', doc: 'HTTP port for the API, webhooks and the web app.' },
  HOST: {
    schema: z.string().min(1),
    default: '127.0.0.1',
    doc: 'Address the HTTP server binds to. Set 0.0.0.0 to serve other machines.',
  },
  PUBLIC_URL: {
    schema: url(['http', 'https']).optional(),
    doc: 'External base URL of this installation (used in links and webhook URLs). Defaults to http://localhost:PORT.',
    example: 'https://iris.example.com',
  },
  IRIS_DATA_DIR: {
    schema: z.string().min(1),
    default: './data',
    doc: 'Folder for the embedded database (PGlite), local object storage and runtime files.',
  },
  IRIS_ROLES: {
    schema: roleList,
    default: ROLES.join(','),
    doc: `Roles this process runs, comma-separated: ${ROLES.join(', ')}. \`iris start --roles\` overrides it.`,
  },
  DATABASE_URL: {
    schema: url(['postgres', 'postgresql']).optional(),
    doc: 'PostgreSQL 15+ connection string. Unset: the embedded PGlite database in IRIS_DATA_DIR.',
    example: 'postgres://iris@127.0.0.1:5432/iris',
  },
  DATABASE_POOL_SIZE: {
    schema: z.coerce.number().int().min(1).max(500),
    default: '10',
    doc: 'Connections in the PostgreSQL pool (ignored on PGlite).',
  },
  NATS_URL: {
    schema: url(['nats', 'tls']).optional(),
    doc: 'NATS server for the event bus across processes. Unset: an in-process bus (one process only).',
    example: 'nats://127.0.0.1:4222',
  },
  REDIS_URL: {
    schema: url(['redis', 'rediss']).optional(),
    doc: 'Redis for shared rate limits and presence across processes. Unset: kept in process memory.',
    example: 'redis://127.0.0.1:6379',
  },
  SIP_HOST: {
    schema: z.string().min(1),
    default: '127.0.0.1',
    doc: 'Address the voice role listens on for SIP (UDP and TCP). Set a public address to take carrier traffic.',
  },
  SIP_PORT: { schema: port, default: '5060', doc: 'SIP port of the voice role (UDP and TCP).' },
  RTPENGINE_HOSTS: {
    schema: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((h) => h.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'each host must be host:port')))
      .optional(),
    doc: 'External rtpengine ng control addresses, comma-separated. Unset: the voice role starts and supervises a local rtpengine.',
    example: '10.0.0.5:2223,10.0.0.6:2223',
  },
  RTPENGINE_BINARY: {
    schema: z.string().min(1).optional(),
    doc: 'Path of the local rtpengine binary. Unset: found on PATH; when absent, voice runs signaling-only with a warning.',
  },
  RTP_PORT_MIN: {
    schema: port,
    default: '30000',
    doc: 'Lowest UDP port the local rtpengine uses for media.',
  },
  RTP_PORT_MAX: {
    schema: port,
    default: '40000',
    doc: 'Highest UDP port the local rtpengine uses for media.',
  },
  IRIS_SECRET_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9+/=_-]{43,}$/, 'must be at least 32 random bytes, base64 or base64url encoded')
      .optional(),
    doc: 'Master key for signing tokens and encrypting secrets at rest. Unset: generated once into IRIS_DATA_DIR/secret.key. Processes that share a database must share this key.',
    example: '$(openssl rand -base64 32)',
  },
  ACCESS_TOKEN_TTL_SECONDS: {
    schema: z.coerce.number().int().min(30).max(86400),
    default: '900',
    doc: 'Lifetime of an access token (JWT).',
  },
  REFRESH_TOKEN_TTL_DAYS: {
    schema: z.coerce.number().int().min(1).max(365),
    default: '30',
    doc: 'Lifetime of a refresh token; each refresh issues a new one.',
  },
  LOGIN_MAX_FAILURES: {
    schema: z.coerce.number().int().min(1),
    default: '10',
    doc: 'Wrong passwords allowed per account (and five times that per IP) before logins are locked out.',
  },
  LOGIN_LOCKOUT_SECONDS: {
    schema: z.coerce.number().int().min(1),
    default: '900',
    doc: 'How long a login lockout lasts; failures are forgotten at the same pace.',
  },
  RATE_LIMIT_PUBLIC_PER_MINUTE: {
    schema: z.coerce.number().int().min(1),
    default: '60',
    doc: 'Requests per minute per IP address to the unauthenticated routes (signup, login, password reset).',
  },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    doc: 'Minimum level of log lines (pino, JSON on stdout).',
  },
  HTTP_BODY_LIMIT_BYTES: {
    schema: z.coerce.number().int().min(1024),
    default: String(1024 * 1024),
    doc: 'Largest request body accepted; larger ones get 413 `payload_too_large`.',
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(0),
    default: '10000',
    doc: 'On SIGTERM/SIGINT: how long in-flight requests and jobs may take to finish before the process exits.',
  },
  JOBS_POLLING_INTERVAL_MS: {
    schema: z.coerce.number().int().min(500),
    default: '500',
    doc: 'How often an idle worker polls the job queue.',
  },
  JOBS_MAINTENANCE_INTERVAL_SECONDS: {
    schema: z.coerce.number().int().min(1),
    default: '30',
    doc: 'How often the queue expires jobs whose worker died and archives finished ones.',
  },
} satisfies Record<string, EnvVar>;

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
  };
  secretKey?: string;
  auth: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlDays: number;
    loginMaxFailures: number;
    loginLockoutSeconds: number;
  };
  publicRateLimitPerMinute: number;
  logLevel: RawConfig['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  jobs: { pollingIntervalMs: number; maintenanceIntervalSeconds: number };
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
    },
    secretKey: c.IRIS_SECRET_KEY,
    auth: {
      accessTokenTtlSeconds: c.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: c.REFRESH_TOKEN_TTL_DAYS,
      loginMaxFailures: c.LOGIN_MAX_FAILURES,
      loginLockoutSeconds: c.LOGIN_LOCKOUT_SECONDS,
    },
    publicRateLimitPerMinute: c.RATE_LIMIT_PUBLIC_PER_MINUTE,
    logLevel: c.LOG_LEVEL,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    jobs: {
      pollingIntervalMs: c.JOBS_POLLING_INTERVAL_MS,
      maintenanceIntervalSeconds: c.JOBS_MAINTENANCE_INTERVAL_SECONDS,
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
