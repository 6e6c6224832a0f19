import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bandwidthCatalogEntry } from './bandwidth/bandwidth.catalog';
import { discordCatalogEntry } from './discord/discord.catalog';
import type { FakeServer } from './fake-server';
import { mailgunCatalogEntry } from './mailgun/mailgun.catalog';
import { startMessageBirdFake } from './messagebird/messagebird.fake';
import { metaWhatsAppCatalogEntry } from './meta-whatsapp/meta-whatsapp.catalog';
import { plivoCatalogEntry } from './plivo/plivo.catalog';
import { postmarkCatalogEntry } from './postmark/postmark.catalog';
import { sendgridCatalogEntry } from './sendgrid/sendgrid.catalog';
import { sesCatalogEntry } from './ses/ses.catalog';
import { startSinchFake } from './sinch/sinch.fake';
import { slackCatalogEntry } from './slack/slack.catalog';
import { teamsCatalogEntry } from './teams/teams.catalog';
import { telegramCatalogEntry } from './telegram/telegram.catalog';
import { telnyxCatalogEntry } from './telnyx/telnyx.catalog';
import { twilioCatalogEntry } from './twilio/twilio.catalog';
import { startVonageFake } from './vonage/vonage.fake';

export type FakeKind = 'sms' | 'email' | 'whatsapp' | 'chat';

/** How `iris fakes` (or a test) starts a catalogued fake for a local IRIS. */
export type CatalogStartOptions = {
  host: string;
  /** 0: any free port. */
  port: number;
  /** The provider instance id the printed MESSAGING_PROVIDERS entry gets (webhook paths use it). */
  instanceId: string;
  /** That instance's webhooks in the local IRIS, `<iris>/hooks/<kind>/<instanceId>`: `/status`, `/inbound`. */
  hooksUrl: string;
  /** A folder where a fake may keep what must survive a restart (generated keys), so pasted config stays valid. */
  stateDir?: string;
};

export type RunningFake = {
  server: FakeServer;
  /** The provider module id of the MESSAGING_PROVIDERS entry (`provider`). */
  provider: string;
  /** Its credentials: the fake's keys, and `baseUrl` pointing at the fake. */
  credentials: Record<string, unknown>;
  /** A body for `POST <fake>/_fake/inbound` (`{from, to, body}`): the fake then sends IRIS a signed inbound message. */
  inboundExample?: { from: string; to: string; body: string };
};

/** One fake `iris fakes` can start: `name` is what `--only` takes. */
export type CatalogEntry = {
  name: string;
  kind: FakeKind;
  start(options: CatalogStartOptions): Promise<RunningFake>;
};

/**
 * Every provider fake, for `iris fakes` and local demos: one entry per provider, started with the
 * webhook URLs of a local IRIS so its callbacks and inbound messages go there, signed for real.
 */
export const FAKE_CATALOG: CatalogEntry[] = [
  {
    name: 'vonage',
    kind: 'sms',
    async start({ host, port, hooksUrl, stateDir }) {
      const keyFile = stateDir && join(stateDir, 'vonage-application-key.pem');
      const fake = await startVonageFake({
        host,
        port,
        applicationId: '7f3a2c1e-0b6d-4e58-9a41-5c2d8e7f6a90',
        privateKey: keyFile && existsSync(keyFile) ? readFileSync(keyFile, 'utf8') : undefined,
        statusUrl: `${hooksUrl}/status`,
        inboundUrl: `${hooksUrl}/inbound`,
      });
      if (keyFile && !existsSync(keyFile)) {
        mkdirSync(stateDir, { recursive: true });
        writeFileSync(keyFile, fake.credentials.privateKey, { mode: 0o600 });
      }
      const inboundExample = {
        from: '+447911123456',
        to: '+447911123457',
        body: 'Hello from the Vonage fake',
      };
      return { server: fake, provider: 'vonage', credentials: fake.credentials, inboundExample };
    },
  },
  {
    name: 'messagebird',
    kind: 'sms',
    async start({ host, port, hooksUrl }) {
      const fake = await startMessageBirdFake({
        host,
        port,
        statusUrl: `${hooksUrl}/status`,
        inboundUrl: `${hooksUrl}/inbound`,
      });
      const inboundExample = {
        from: '+31612345678',
        to: '+31612345679',
        body: 'Hallo from the MessageBird fake',
      };
      return { server: fake, provider: 'messagebird', credentials: fake.credentials, inboundExample };
    },
  },
  {
    name: 'sinch',
    kind: 'sms',
    async start({ host, port, hooksUrl }) {
      const fake = await startSinchFake({
        host,
        port,
        statusUrl: `${hooksUrl}/status`,
        inboundUrl: `${hooksUrl}/inbound`,
      });
      const inboundExample = { from: '+14155550100', to: '+12015550177', body: 'Hello from the Sinch fake' };
      return { server: fake, provider: 'sinch', credentials: fake.credentials, inboundExample };
    },
  },
  twilioCatalogEntry,
  telnyxCatalogEntry,
  bandwidthCatalogEntry,
  plivoCatalogEntry,
  slackCatalogEntry,
  discordCatalogEntry,
  telegramCatalogEntry,
  teamsCatalogEntry,
  sendgridCatalogEntry,
  mailgunCatalogEntry,
  postmarkCatalogEntry,
  sesCatalogEntry,
  metaWhatsAppCatalogEntry,
];
