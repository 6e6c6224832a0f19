import type { TestIris } from '../../../testing/test-iris';

/**
 * Tenant A's email resources for the cross-tenant sweep: a domain, a template, a suppression and a
 * sent email (with an engagement event), so tenant B is shown to get 404 on each of their ids.
 */
export async function seedEmailForSweep(t: TestIris, token: string) {
  const domain = await t.request('/v1/email/domains', { token, body: { domain: 'alpha-mail.test' } });
  const template = await t.request('/v1/email/templates', {
    token,
    body: { name: 'alpha template', subject: 'alpha template subject', text: 'alpha template text' },
  });
  const suppression = await t.request('/v1/email/suppressions', {
    token,
    body: { address: 'alpha.suppressed@alpha.test' },
  });
  const sent = await t.request('/v1/email/send', {
    token,
    body: {
      to: 'alpha.reader@alpha.test',
      subject: 'alpha email subject',
      text: 'alpha email text',
      unsubscribe: true,
    },
  });
  // An unsubscribe through the public link: an engagement event and a second suppression of A's.
  await fetch(`${t.url}${new URL(sent.body.email.listUnsubscribe.url).pathname}`, { method: 'POST' });
  const ids = [domain.body.id, domain.body.senderId, template.body.id, suppression.body.id, sent.body.id];
  if (ids.some((id) => typeof id !== 'string')) throw new Error('seeding email resources failed');
  return {
    ids: ids as string[],
    secrets: [
      'alpha-mail.test',
      'alpha template subject',
      'alpha.suppressed@alpha.test',
      'alpha.reader@alpha.test',
      'alpha email text',
    ],
  };
}
