import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MetaWhatsAppFake, type MetaWhatsAppFakeOptions, startMetaWhatsAppFake } from '@iris/fakes';
import { loadConfig } from '../../config';
import { startIris } from '../../main';
import { createPostgresDatabase, type DatabaseKind } from '../../testing/test-database';
import type { Call, Json, RequestOptions } from '../../testing/test-iris';
import { silentLogger } from '../../testing/test-logger';
import type { MessageRow } from '../messages/message-view';

/** The business number the fake serves, as a tenant registers it. */
export const BUSINESS_NUMBER = '+16505550142';

/**
 * For the WhatsApp API tests: the Meta Cloud API fake, and a real IRIS (api + worker) configured
 * with it as provider instance `meta-main` (MESSAGING_PROVIDERS) — its Graph calls go to the fake,
 * the fake's webhooks to `/v1/whatsapp/webhook` — plus an inbound hook that records what reached
 * the conversation hooks. On `postgres`, NATS and Redis too when configured, as in startTestIris.
 */
export async function startWhatsAppIris(kind: DatabaseKind, fakeOptions: MetaWhatsAppFakeOptions = {}) {
  const fake: MetaWhatsAppFake = await startMetaWhatsAppFake({
    displayPhoneNumber: '16505550142',
    ...fakeOptions,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'iris-whatsapp-'));
  const pg = kind === 'postgres' ? await createPostgresDatabase() : undefined;
  const hooked: MessageRow[] = [];
  const config = loadConfig({
    PORT: '0',
    IRIS_DATA_DIR: dataDir,
    IRIS_ROLES: 'api,worker',
    LOG_LEVEL: 'silent',
    DATABASE_URL: pg?.url,
    NATS_URL: kind === 'postgres' ? process.env.NATS_URL : undefined,
    REDIS_URL: kind === 'postgres' ? process.env.REDIS_URL : undefined,
    RATE_LIMIT_PUBLIC_PER_MINUTE: '100000',
    PROVIDER_TIMEOUT_MS: '3000',
    MESSAGING_PROVIDERS: JSON.stringify([
      { id: 'meta-main', kind: 'whatsapp', provider: 'meta', credentials: fake.credentials },
    ]),
  });
  const iris = await startIris({
    config,
    logger: silentLogger,
    messaging: { inboundHooks: [async (_tx, message) => void hooked.push(message)] },
  });
  const url = iris.http!.url;
  fake.webhookUrl = `${url}/v1/whatsapp/webhook`;

  async function request(path: string, options: RequestOptions = {}): Promise<Call> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: Json = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // A text answer (the webhook handshake's challenge).
    }
    return { status: response.status, body, headers: response.headers };
  }

  /** A new tenant whose admin registered the fake's business number for WhatsApp on `meta-main`. */
  async function tenantWithNumber(name: string) {
    const email = `admin-${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@wa.test`;
    const signup = await request('/v1/auth/signup', {
      body: { tenantName: name, name: 'Admin', email, password: 'a long password 1' },
    });
    if (signup.status !== 201) throw new Error(`signup failed: ${JSON.stringify(signup.body)}`);
    const token = signup.body.accessToken as string;
    // Tests poll for job outcomes: lift the tenant's request limits out of the way.
    await iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
      [signup.body.tenant.id],
    );
    const number = await request('/v1/numbers', {
      token,
      body: {
        kind: 'phone_number',
        address: BUSINESS_NUMBER,
        capabilities: ['whatsapp'],
        provider: 'meta-main',
      },
    });
    if (number.status !== 201) throw new Error(`number failed: ${JSON.stringify(number.body)}`);
    const numbers = (await request('/v1/numbers', { token })).body.data as Json[];
    const sandboxNumber = numbers.find((n) => n.sandbox && n.kind === 'phone_number').address as string;
    return { token, tenantId: signup.body.tenant.id as string, sandboxNumber };
  }

  return {
    iris,
    fake,
    url,
    hooked,
    request,
    tenantWithNumber,
    async close() {
      // The fake's automatic status callbacks are acknowledged before IRIS goes away.
      await fake.settled();
      await iris.stop();
      await fake.close();
      await pg?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type WhatsAppIris = Awaited<ReturnType<typeof startWhatsAppIris>>;
