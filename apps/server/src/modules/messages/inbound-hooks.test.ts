import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoutedIris } from '../../testing/fixtures/http-sms/start-routed-iris';
import { databaseKinds } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import type { InboundHook } from './messaging';

describe.each(databaseKinds())('inbound conversation hooks on %s', (kind) => {
  let iris: Awaited<ReturnType<typeof startRoutedIris>>;
  let token: string;
  let phone: string;
  const seen: { id: string; tenantId: string; body: string | null }[] = [];
  let failNext = false;
  const hook: InboundHook = async (_tx, message) => {
    if (failNext) throw new Error('the inbox refused the message');
    seen.push({ id: message.id, tenantId: message.tenantId, body: message.body });
  };

  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${iris.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  beforeAll(async () => {
    iris = await startRoutedIris(kind, {}, { rules: [], inboundHooks: [hook] });
    const signup = await fetch(`${iris.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        tenantName: 'Hooked',
        name: 'A',
        email: `hooked-${kind}@hooked.test`,
        password: 'a long password 1',
      }),
    });
    const body = (await signup.json()) as Json;
    token = body.accessToken;
    phone = (await call('/v1/numbers')).body.data.find((n: Json) => n.kind === 'phone_number').address;
  });
  afterAll(() => iris?.close());

  it('hands every stored inbound message to the hooks, with its tenant', async () => {
    const sent = await call('/v1/sandbox/inbound', {
      channel: 'sms',
      from: '+14155554001',
      to: phone,
      body: 'hi inbox',
    });
    expect(sent.status).toBe(201);
    expect(seen).toEqual([{ id: sent.body.id, tenantId: expect.stringMatching(/^ten_/), body: 'hi inbox' }]);
  });

  it('stores nothing when a hook fails: the inbound message and its hooks are one transaction', async () => {
    failNext = true;
    const refused = await call('/v1/sandbox/inbound', {
      channel: 'sms',
      from: '+14155554002',
      to: phone,
      body: 'lost?',
    });
    failNext = false;
    expect(refused.status).toBe(500);
    const listed = await call('/v1/messages?from=%2B14155554002');
    expect(listed.body.data).toEqual([]);
  });
});
