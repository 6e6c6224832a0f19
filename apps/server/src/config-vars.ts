import { z } from 'zod';
import { ProviderInstanceSchema } from './channels/provider-instance';
import { RateTableSchema } from './channels/router/rate-table';
import { RoutingRuleSchema } from './channels/router/routing-rules';

/** Roles a process can run; `iris start --roles` and IRIS_ROLES pick from these. */
export const ROLES = ['api', 'worker', 'voice', 'smtp'] as const;
export type Role = (typeof ROLES)[number];

export type EnvVar = { schema: z.ZodType; doc: string; default?: string; example?: string };

const port = z.coerce.number().int().min(0).max(65535);
const url = (protocols: string[]) =>
  z.url().refine((value) => protocols.some((p) => value.startsWith(`${p}://`)), {
    message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  });
const json = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'must be valid JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);
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
    default: '20',
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
  VOICE_HEARTBEAT_SECONDS: {
    schema: z.coerce.number().positive(),
    default: '5',
    doc: 'How often a voice node records that it is alive (the cluster node list and the call reaper use it).',
  },
  VOICE_NODE_LOST_SECONDS: {
    schema: z.coerce.number().positive(),
    default: '30',
    doc: 'A voice node silent this long is lost: another voice node ends its calls (`voice_node_lost`).',
  },
  RECORDING_URL_TTL_SECONDS: {
    schema: z.coerce.number().int().min(60).max(604_800),
    default: '3600',
    doc: 'How long a signed recording download URL (`mediaUrl`, `RecordingUrl`) works without an API key.',
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
  IRIS_ALLOW_PRIVATE_WEBHOOKS: {
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    default: 'false',
    doc: 'Allow webhook URLs on loopback and private networks. For development and tests only: it disables the SSRF guard.',
  },
  WEBHOOK_CONCURRENCY: {
    schema: z.coerce.number().int().min(1).max(500),
    default: '20',
    doc: 'Webhook requests each worker process makes at once (each endpoint also has its own cap).',
  },
  WEBHOOK_RETRY_DELAYS_SECONDS: {
    schema: z
      .string()
      .transform((v) => v.split(',').map((n) => Number(n.trim())))
      .pipe(z.array(z.number().int().min(1)).min(1, 'must list at least one delay')),
    default: '5,300,1800,7200,18000,36000,36000,86400,86400',
    doc: 'Seconds to wait after each failed webhook attempt (±20 % jitter); after the last, the delivery fails. The default spans about three days.',
  },
  EVENTS_RETENTION_DAYS: {
    schema: z.coerce.number().int().min(1),
    default: '30',
    doc: 'Days events, webhook deliveries and attempts are kept.',
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
  MESSAGING_RATES: {
    schema: json(z.record(z.string(), RateTableSchema)),
    default: '{"sandbox":{"currency":"USD","defaultMicros":0}}',
    doc: 'Price tables per provider instance, JSON: `{"<provider>": {"currency", "defaultMicros", "prefixes": {"+44": micros}}}`. The router orders candidates by these; the price (per SMS segment) is stored on each message.',
    example: '{"twilio":{"currency":"USD","defaultMicros":7900,"prefixes":{"+44":40000}}}',
  },
  MESSAGING_PROVIDERS: {
    schema: json(z.array(ProviderInstanceSchema)),
    default: '[]',
    doc: "Provider instances besides the sandboxes, JSON array of `{id, kind, provider, credentials}`: `provider` names a module of the kind's registry and `credentials` must satisfy its credentials schema (checked at start). `id` is the instance's name in routes, rates and webhook paths (`/hooks/<kind>/<id>/...`).",
    example:
      '[{"id":"twilio-us","kind":"sms","provider":"twilio","credentials":{"accountSid":"AC…","authToken":"…"}}]',
  },
  MESSAGING_ROUTES: {
    schema: json(z.array(RoutingRuleSchema)),
    default: '[]',
    doc: 'Routing rules, JSON array of `{kind, channel?, prefixes?, tenantId?, providers}`; the most specific match names the candidate providers. No match: every provider of the channel kind.',
    example: '[{"kind":"sms","prefixes":["+44"],"providers":["telnyx","twilio"]}]',
  },
  PROVIDER_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100),
    default: '10000',
    doc: 'How long a send may wait for a provider before it counts as a retryable failure and fails over.',
  },
  CIRCUIT_BREAKER_THRESHOLD: {
    schema: z.coerce.number().int().min(1),
    default: '5',
    doc: "Consecutive retryable failures that open a provider's circuit (it is skipped while open).",
  },
  CIRCUIT_BREAKER_COOLDOWN_MS: {
    schema: z.coerce.number().int().min(0),
    default: '30000',
    doc: 'How long an open circuit stays open before one probe send may test the provider again.',
  },
  SANDBOX_DELIVERY_DELAY_MS: {
    schema: z.coerce.number().int().min(0),
    default: '1000',
    doc: 'How long after a send the sandbox provider reports the message delivered to the device simulator.',
  },
  SANDBOX_FAILURE_RATE: {
    schema: z.coerce.number().min(0).max(1),
    default: '0',
    doc: 'Share of sandbox sends (0 to 1) reported `undelivered` instead of `delivered`, to rehearse failures.',
  },
  SMTP_HOST: {
    schema: z.string().min(1),
    default: '127.0.0.1',
    doc: 'Address the smtp role listens on for inbound mail. Set 0.0.0.0 (behind port 25) to receive mail from the internet.',
  },
  SMTP_PORT: {
    schema: port,
    default: '2525',
    doc: "Port of the smtp role (inbound mail for tenants' addresses and domains).",
  },
  SMTP_MAX_MESSAGE_BYTES: {
    schema: z.coerce.number().int().min(1024),
    default: String(25 * 1024 * 1024),
    doc: 'Largest inbound email (raw MIME) accepted by the smtp role and the raw-MIME endpoint; larger ones get 552 / 413.',
  },
  EMAIL_MAX_ATTACHMENT_BYTES: {
    schema: z.coerce.number().int().min(1024),
    default: String(10 * 1024 * 1024),
    doc: 'Largest total size of the attachments of one outbound email (decoded bytes). Requests also obey HTTP_BODY_LIMIT_BYTES.',
  },
  EMAIL_DNS_SERVERS: {
    schema: z
      .string()
      .transform((value) =>
        value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .optional(),
    doc: 'DNS servers for domain checks and address validation, comma-separated (`ip` or `ip:port`). Unset: the system resolvers.',
    example: '1.1.1.1,8.8.8.8',
  },
  EMAIL_DNS_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100),
    default: '3000',
    doc: 'How long one DNS query of a domain check or address validation may take.',
  },
  EMAIL_SPF_INCLUDE: {
    schema: z.string().min(1).optional(),
    doc: "The SPF mechanism a sending domain must publish to authorize IRIS's mail servers (shown in the fix instructions). Unset: any valid SPF record passes.",
    example: 'include:_spf.iris.example.com',
  },
  EMAIL_INBOUND_MX: {
    schema: z.string().min(1).optional(),
    doc: "Host name of the MX that receives tenants' inbound mail (this smtp role behind port 25). Unset: any MX record passes the MX check.",
    example: 'mx.iris.example.com',
  },
  EMAIL_TRACK_OPENS: {
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    default: 'false',
    doc: 'Add an open-tracking pixel to HTML emails unless a send says otherwise.',
  },
  EMAIL_TRACK_CLICKS: {
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    default: 'false',
    doc: 'Rewrite links of HTML emails to signed click-tracking URLs unless a send says otherwise.',
  },
} satisfies Record<string, EnvVar>;
