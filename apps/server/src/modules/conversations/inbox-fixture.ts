import type { Json, TestIris } from '../../testing/test-iris';

/**
 * A tenant ready for inbox tests: generous rate limits, its sandbox phone number and email address,
 * and a sandbox Slack workspace account (`slack:T…`) so simulator users can write on Slack too.
 */
export async function inboxTenant(t: TestIris, name: string) {
  const tenant = await t.signup(name);
  await t.iris.database.executeSql(
    `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000,"send":100000}}' where id = $1`,
    [tenant.tenantId],
  );
  const numbers = (await t.request('/v1/numbers', { token: tenant.token })).body.data as Json[];
  const phone = numbers.find((n) => n.kind === 'phone_number').address as string;
  const email = numbers.find((n) => n.kind === 'email_address').address as string;
  const slack = `slack:T${tenant.tenantId.slice(-8).toUpperCase()}`;
  const account = await t.request('/v1/numbers', {
    token: tenant.token,
    body: { kind: 'channel_account', address: slack, capabilities: ['slack'], provider: 'sandbox' },
  });
  if (account.status !== 201) throw new Error(`slack account: ${JSON.stringify(account.body)}`);

  const api = (path: string, options: { method?: string; body?: unknown; token?: string } = {}) =>
    t.request(path, { token: tenant.token, ...options });
  /** A simulator device writes to the tenant: the carrier-like inbound path. */
  const inbound = async (channel: string, from: string, body: string) => {
    const to = channel === 'email' ? email : channel === 'slack' ? slack : phone;
    const response = await api('/v1/sandbox/inbound', { body: { channel, from, to, body } });
    if (response.status !== 201) throw new Error(`inbound: ${JSON.stringify(response.body)}`);
    return response.body as Json;
  };
  /** The conversation a message joined, as the API shows it. */
  const conversationOf = async (messageId: string) => {
    const { rows } = await t.iris.database.executeSql(
      'select conversation_id from conversation_messages where message_id = $1',
      [messageId],
    );
    if (!rows[0]) throw new Error(`message ${messageId} is in no conversation`);
    return (await api(`/v1/conversations/${rows[0].conversation_id}`)).body as Json;
  };
  return { ...tenant, phone, email, slack, api, inbound, conversationOf };
}

export type InboxTenant = Awaited<ReturnType<typeof inboxTenant>>;
