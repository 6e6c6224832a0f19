import { sandboxProviderModule } from '../sandbox/sandbox.adapter';
import { discordProviderModule } from './discord/discord.adapter';
import { slackProviderModule } from './slack/slack.adapter';
import { teamsProviderModule } from './teams/teams.adapter';
import { telegramProviderModule } from './telegram/telegram.adapter';

/** Every chat provider IRIS can run: adding one is one folder and one line here. */
export const CHAT_PROVIDERS = [
  sandboxProviderModule('chat'),
  slackProviderModule,
  discordProviderModule,
  telegramProviderModule,
  teamsProviderModule,
] as const;
