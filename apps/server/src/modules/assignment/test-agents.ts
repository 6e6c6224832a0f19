import type { TestIris } from '../../testing/test-iris';

/** Invites an agent into the admin's tenant and accepts it: the agent's user id and access token. */
export async function inviteAgent(
  t: TestIris,
  adminToken: string,
  email: string,
  role: 'agent' | 'supervisor' = 'agent',
) {
  const invited = await t.request('/v1/invitations', { token: adminToken, body: { email, role } });
  if (invited.status !== 201) throw new Error(`invitation failed: ${JSON.stringify(invited.body)}`);
  const mails = (await t.request('/v1/notifications', { token: adminToken })).body.data;
  const mail = mails.find((m: { toEmail: string }) => m.toEmail === email);
  const token = /token=([\w.-]+)/.exec(mail.text)![1]!;
  const joined = await t.request('/v1/auth/accept-invitation', {
    body: { token, name: email.split('@')[0], password: 'agent password 1' },
  });
  if (joined.status !== 201) throw new Error(`accept failed: ${JSON.stringify(joined.body)}`);
  return { userId: joined.body.user.id as string, token: joined.body.accessToken as string };
}
