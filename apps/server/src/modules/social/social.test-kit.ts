import {
  type DiscordFake,
  type SlackFake,
  startDiscordFake,
  startSlackFake,
  startTeamsFake,
  startTelegramFake,
  type TeamsFake,
  type TelegramFake,
} from '@iris/fakes';
import { startRoutedIris } from '../../testing/fixtures/http-sms/start-routed-iris';
import type { DatabaseKind } from '../../testing/test-database';
import type { Json } from '../../testing/test-iris';
import type { InboundHook } from '../messages/messaging';

export const TELEGRAM_SECRET = 'telegram-webhook-secret-0123456789';

/**
 * IRIS with one instance of each chat platform, each pointed at its fake, and an inbound hook that
 * records what reaches the conversation side; plus signup and an authenticated JSON client.
 */
export async function startSocialIris(kind: DatabaseKind) {
  const [slack, discord, telegram, teams] = await Promise.all([
    startSlackFake(),
    startDiscordFake(),
    startTelegramFake(),
    startTeamsFake(),
  ]);
  const hooked: {
    tenantId: string;
    channel: string;
    from: string | null;
    to: string;
    body: string | null;
  }[] = [];
  const hook: InboundHook = async (_tx, message) => {
    hooked.push({
      tenantId: message.tenantId,
      channel: message.channel,
      from: message.from,
      to: message.to,
      body: message.body,
    });
  };
  const providers = [
    { id: 'slack-main', kind: 'chat', provider: 'slack', credentials: slack.credentials() },
    { id: 'discord-main', kind: 'chat', provider: 'discord', credentials: discord.credentials() },
    {
      id: 'telegram-main',
      kind: 'chat',
      provider: 'telegram',
      credentials: telegram.credentials(TELEGRAM_SECRET),
    },
    { id: 'teams-main', kind: 'chat', provider: 'teams', credentials: teams.credentials() },
  ];
  const iris = await startRoutedIris(
    kind,
    {},
    { rules: [], inboundHooks: [hook], env: { MESSAGING_PROVIDERS: JSON.stringify(providers) } },
  );

  async function call(
    token: string | undefined,
    path: string,
    options: { method?: string; body?: unknown } = {},
  ) {
    const response = await fetch(`${iris.url}${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  }

  let counter = 0;
  async function signup(name: string) {
    const email = `admin-${++counter}-${Date.now()}@${name.toLowerCase().replace(/\W/g, '')}.test`;
    const response = await call(undefined, '/v1/auth/signup', {
      body: { tenantName: name, name: 'Admin', email, password: 'a long password 1' },
    });
    if (response.status !== 201) throw new Error(`signup failed: ${JSON.stringify(response.body)}`);
    // Tests poll (waitFor): the per-tenant read limit is not what they are about.
    await iris.iris.database.executeSql(
      `update tenants set settings = '{"rateLimits":{"read":100000,"write":100000}}' where id = $1`,
      [response.body.tenant.id],
    );
    return { token: response.body.accessToken as string, tenantId: response.body.tenant.id as string };
  }

  return {
    iris,
    url: iris.url,
    publicUrl: iris.iris.config.http.publicUrl,
    slack: slack as SlackFake,
    discord: discord as DiscordFake,
    telegram: telegram as TelegramFake,
    teams: teams as TeamsFake,
    hooked,
    call,
    signup,
    async close() {
      await iris.close();
      await Promise.all([slack.close(), discord.close(), telegram.close(), teams.close()]);
    },
  };
}
export type SocialIris = Awaited<ReturnType<typeof startSocialIris>>;
