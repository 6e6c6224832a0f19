import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from './app-context';
import type { Config } from './config';
import { registeredJobs, scheduleRecurringJobs } from './job-registry';
import { createApiKeyVerifier } from './modules/api-keys/api-key-verifier';
import { registerInboxAutomation } from './modules/assignment/inbox-automation';
import { createLoginThrottle } from './modules/auth/login-throttle';
import { createConversationHooks } from './modules/conversations/conversation-hooks';
import { createConversationInboundHook } from './modules/conversations/join-inbound';
import { findDkimKey } from './modules/email/domains/dkim-key';
import {
  checkMessagingProviders,
  createMessaging,
  type MessagingOverrides,
} from './modules/messages/messaging';
import { openPresenceStore } from './modules/presence/open-presence-store';
import { registerTenantProviders } from './modules/providers/register-tenant-providers';
import { createRealtimeHub, type RealtimeHub } from './modules/realtime/realtime-hub';
import { createSandboxSink } from './modules/sandbox/sandbox-sink';
import { createTenantSettingsCache } from './modules/tenants/tenant-settings-cache';
import { trackCustomerWindow } from './modules/whatsapp/customer-window';
import type { EventBus } from './platform/bus/event-bus';
import { openEventBus } from './platform/bus/open-bus';
import { createEncryptor } from './platform/crypto/encryption';
import { deriveKey, loadMasterKey } from './platform/crypto/secrets';
import { type Database, openDatabase } from './platform/db/database';
import type { AppRouter } from './platform/http/app-env';
import { type HttpServer, startHttpServer } from './platform/http/http-server';
import { createMetrics } from './platform/http/metrics';
import type { AnyJobDefinition, JobQueue } from './platform/jobs/job';
import { createPgBossQueue } from './platform/jobs/pg-boss-queue';
import type { Logger } from './platform/logging/logger';
import { openRateLimitStore } from './platform/rate-limit/open-rate-limit-store';
import { createDiskObjectStore } from './platform/storage/object-store';
import { createApi } from './routes';
import { type SmtpRole, startSmtpRole } from './smtp/smtp-role';
import { startVoiceRole, type VoiceRole } from './voice/voice-role';

export type Iris = {
  config: Config;
  database: Database;
  jobs: JobQueue;
  bus: EventBus;
  http?: HttpServer;
  /** The mounted HTTP app (api role): its route table is what the cross-tenant sweep walks. */
  api?: AppRouter;
  /** The SIP listener and media engine (voice role). */
  voice?: VoiceRole;
  /** The inbound SMTP listener (smtp role). */
  smtp?: SmtpRole;
  /** Graceful stop: no new work, in-flight requests and jobs finish until the deadline, then close. */
  stop(): Promise<void>;
};

export type StartOptions = {
  config: Config;
  logger: Logger;
  jobs?: AnyJobDefinition[];
  /** Lets a test mount extra routes on the real app (e.g. a deliberately slow one). */
  extendApi?: (app: AppRouter) => void;
  /** Channel providers and routing to use instead of (or besides) the configured ones (tests, fakes). */
  messaging?: MessagingOverrides;
};

export async function startIris(options: StartOptions): Promise<Iris> {
  const { config, logger } = options;
  checkMessagingProviders(config); // a bad MESSAGING_PROVIDERS entry fails start before anything opens
  const roles = new Set(config.roles);
  mkdirSync(config.dataDir, { recursive: true });

  const database = await openDatabase({
    url: config.database.url,
    dataDir: config.dataDir,
    poolSize: config.database.poolSize,
  });
  await database.migrate();
  const bus = await openEventBus({ natsUrl: config.natsUrl, logger });
  const metrics = createMetrics();
  const jobs = await createPgBossQueue({
    database,
    logger,
    metrics,
    pollingIntervalMs: config.jobs.pollingIntervalMs,
    maintenanceIntervalSeconds: config.jobs.maintenanceIntervalSeconds,
  });

  const rateLimits = await openRateLimitStore({ redisUrl: config.redisUrl });
  const presence = await openPresenceStore({ redisUrl: config.redisUrl });
  const masterKey = loadMasterKey({ secretKey: config.secretKey, dataDir: config.dataDir });
  const accessTokenKey = deriveKey(masterKey, 'access-token');
  const apiKeys = createApiKeyVerifier({ db: database.db, bus, logger });
  const tenantSettings = createTenantSettingsCache({ db: database.db, bus });
  const sandboxSink = createSandboxSink({ db: database.db, jobs, bus, config });
  const storage = createDiskObjectStore({ root: join(config.dataDir, 'objects') });
  const encryptor = createEncryptor(deriveKey(masterKey, 'secrets-at-rest'));
  const dkimKeys = (tenantId: string, domain: string) =>
    findDkimKey(database.db, encryptor, tenantId, domain);
  const ctx: AppContext = {
    config,
    logger,
    metrics,
    database,
    db: database.db,
    jobs,
    bus,
    rateLimits,
    accessTokenKey,
    encryptor,
    apiKeys,
    tenantSettings,
    loginThrottle: createLoginThrottle({ store: rateLimits, config }),
    auth: { accessTokenKey, apiKeys, db: database.db, tenants: tenantSettings },
    limiter: { store: rateLimits, tenantSettings, publicPerMinute: config.publicRateLimitPerMinute },
    storage,
    messaging: createMessaging(config, { sandbox: sandboxSink, storage, dkimKeys }, options.messaging),
    conversationHooks: createConversationHooks(),
    presence,
  };
  // WhatsApp: an inbound message opens the contact's 24-hour window first (replies may follow in later hooks).
  ctx.messaging.inboundHooks.push(trackCustomerWindow);
  // After any injected test hooks: inbound messages join conversations (modules/conversations).
  ctx.messaging.inboundHooks.push(createConversationInboundHook(ctx));
  // Teams, auto-assignment and SLA clocks ride on the conversation hooks (modules/assignment, modules/sla).
  registerInboxAutomation(ctx);
  // Tenants' own provider accounts (modules/providers) join the router, each for its owner only.
  registerTenantProviders(ctx);

  await jobs.register(options.jobs ?? registeredJobs(ctx));

  let shuttingDown = false;
  let http: HttpServer | undefined;
  let api: AppRouter | undefined;
  let realtime: RealtimeHub | undefined;
  if (roles.has('api')) {
    realtime = createRealtimeHub(ctx);
    const app = createApi(ctx, {
      realtime,
      isShuttingDown: () => shuttingDown,
      checks: { database: () => database.ping(), jobs: () => jobs.ping(), bus: () => bus.ping() },
    });
    options.extendApi?.(app);
    api = app;
    http = await startHttpServer({
      fetch: app.fetch,
      host: config.http.host,
      port: config.http.port,
      onServer: realtime.attach,
    });
  }
  if (roles.has('worker')) {
    if (!options.jobs) await scheduleRecurringJobs(ctx);
    await jobs.work();
  }
  let voice: VoiceRole | undefined;
  if (roles.has('voice')) {
    voice = await startVoiceRole({ config, logger, ctx });
    // Voice-only queues (place-call) are consumed here only, once ctx.voiceCalls exists.
    await jobs.work({ role: 'voice' });
  }
  const smtp = roles.has('smtp') ? await startSmtpRole(ctx) : undefined;

  logger.info({ roles: [...roles], database: database.kind, bus: bus.kind, url: http?.url }, 'iris started');

  let stopping: Promise<void> | undefined;
  return {
    config,
    database,
    jobs,
    bus,
    http,
    api,
    voice,
    smtp,
    stop() {
      stopping ??= (async () => {
        shuttingDown = true;
        const deadline = Date.now() + config.shutdownTimeoutMs;
        const remaining = () => Math.max(0, deadline - Date.now());
        await realtime?.close(); // WebSockets are not requests: closed first, clients reconnect elsewhere
        const [httpResult] = await Promise.all([
          http?.close({ deadlineMs: remaining() }),
          jobs.stop({ timeoutMs: remaining() }),
        ]);
        if (httpResult?.cut)
          logger.warn({ cut: httpResult.cut }, 'requests cut off at the shutdown deadline');
        apiKeys.close();
        await voice?.stop();
        await smtp?.stop();
        await bus.close();
        await rateLimits.close();
        await presence.close();
        await database.close();
        logger.info('iris stopped');
      })();
      return stopping;
    },
  };
}

/** Runs until SIGTERM or SIGINT, then stops gracefully; a second signal exits at once. */
export function stopOnSignal(iris: Iris, logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'shutting down');
      process.once(signal, () => process.exit(1));
      iris.stop().then(resolve, (error) => {
        logger.error({ err: error }, 'shutdown failed');
        resolve();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}
