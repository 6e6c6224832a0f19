import type { TestIris } from '../../testing/test-iris';

/** Tenant A's SIP credential for the cross-tenant sweep: its id and what B must never see. */
export async function seedSipCredentialsForSweep(t: TestIris, token: string) {
  const made = await t.request('/v1/voice/sip-credentials', {
    token,
    body: { username: 'alpha7001', identity: 'alpha-desk-identity', password: 'alpha sip password' },
  });
  if (made.status !== 201) throw new Error(`SIP credential seed failed: ${JSON.stringify(made.body)}`);
  return {
    ids: [made.body.id as string],
    secrets: ['alpha7001', 'alpha-desk-identity', 'alpha sip password'],
  };
}
