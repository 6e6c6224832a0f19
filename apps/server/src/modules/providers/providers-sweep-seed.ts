import type { TestIris } from '../../testing/test-iris';

/**
 * Seeds tenant A of the cross-tenant sweep with its own provider account (a Twilio instance whose
 * base URL is the loopback discard port: nothing is ever sent) and returns its id and the secret
 * that must never show up in any response — tenant B's, and not even A's own (secrets are write-only).
 */
export async function seedProvidersForSweep(t: TestIris, token: string) {
  const authToken = 'alphatwiliosecrettoken0123456789';
  const created = await t.request('/v1/providers', {
    token,
    body: {
      kind: 'sms',
      provider: 'twilio',
      name: 'alpha own twilio',
      credentials: {
        accountSid: `AC${'a1'.repeat(16)}`,
        authToken,
        baseUrl: 'http://127.0.0.1:9',
      },
    },
  });
  if (created.status !== 201) throw new Error(`providers sweep seed failed: ${JSON.stringify(created.body)}`);
  return { ids: [created.body.id as string], secrets: [authToken, 'alpha own twilio'] };
}
