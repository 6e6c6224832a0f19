import type { Config } from './config';
import type { ApiKeyVerifier } from './modules/api-keys/api-key-verifier';
import type { LoginThrottle } from './modules/auth/login-throttle';
import type { ConversationHooks } from './modules/conversations/conversation-hooks';
import type { Messaging } from './modules/messages/messaging';
import type { PresenceStore } from './modules/presence/presence-store';
import type { TenantSettingsCache } from './modules/tenants/tenant-settings-cache';
import type { EventBus } from './platform/bus/event-bus';
import type { Encryptor } from './platform/crypto/encryption';
import type { Database, Db } from './platform/db/database';
import type { Authenticator } from './platform/http/authenticate';
import type { Metrics } from './platform/http/metrics';
import type { RateLimiter } from './platform/http/rate-limit';
import type { JobQueue } from './platform/jobs/job';
import type { Logger } from './platform/logging/logger';
import type { RateLimitStore } from './platform/rate-limit/rate-limit-store';
import type { ObjectStore } from './platform/storage/object-store';

/** What feature routers and services are built from: created once per process in main.ts. */
export type AppContext = {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: Database;
  db: Db;
  jobs: JobQueue;
  bus: EventBus;
  rateLimits: RateLimitStore;
  accessTokenKey: Uint8Array;
  /** Encrypts secrets at rest (webhook secrets, provider credentials). */
  encryptor: Encryptor;
  apiKeys: ApiKeyVerifier;
  loginThrottle: LoginThrottle;
  auth: Authenticator;
  limiter: RateLimiter;
  tenantSettings: TenantSettingsCache;
  /** Media, attachments and recordings (disk under the data folder on the embedded default). */
  storage: ObjectStore;
  /** Channel providers behind the least-cost router (with circuit breakers), and inbound hooks. */
  messaging: Messaging;
  /** Where modules plug into conversation creation, inbound, replies, status and assignment. */
  conversationHooks: ConversationHooks;
  /** Which agents are connected and available (memory, or Redis when REDIS_URL is set). */
  presence: PresenceStore;
  /** Call handling of this process's voice role (set when it starts; the place-call job needs it). */
  voiceCalls?: import('./voice/calls/voice-calls').VoiceCalls;
};
