import type { CallbackFaults } from '../callback-kit';
import type { FakeServer } from '../fake-server';
import type { MetaAccount, MetaInbound, MetaStatus, MetaTemplateStatus } from './meta-whatsapp.payloads';

/** A message template as the Graph API lists it (`GET /{waba-id}/message_templates`). */
export type MetaTemplate = {
  id: string;
  name: string;
  language: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: Record<string, unknown>[];
};

export type MetaWhatsAppFakeOptions = {
  host?: string;
  port?: number;
  accessToken?: string;
  appSecret?: string;
  verifyToken?: string;
  phoneNumberId?: string;
  businessAccountId?: string;
  /** The business number as Meta shows it in webhooks (digits, no +). */
  displayPhoneNumber?: string;
  /** Where webhooks go by default (the app's callback URL). */
  webhookUrl?: string;
  /** `auto` (default, with a webhookUrl): every accepted send is followed by `sent` then `delivered`. */
  callbacks?: 'auto' | 'none';
  /** Free-form sends to a user with no message in the last 24 h: failed 131047 by webhook (default), or a 400 at once. */
  windowErrors?: 'webhook' | 'sync' | 'off';
  /** Users (E.164 or digits) whose messages are accepted, then fail with 131026 (not on WhatsApp). */
  undeliverable?: string[];
  templates?: MetaTemplate[];
};

export type MetaSent = { wamid: string; version: string; request: Record<string, unknown> };

export type MetaWhatsAppFake = FakeServer & {
  credentials: {
    accessToken: string;
    phoneNumberId: string;
    businessAccountId: string;
    appSecret: string;
    verifyToken: string;
    graphBaseUrl: string;
    apiVersion: string;
  };
  account: MetaAccount;
  /** Accepted message sends, in order. */
  sent: MetaSent[];
  /** Messages marked read (their wamids). */
  read: string[];
  /** Uploaded and hosted media by id. */
  media: Map<string, { body: Uint8Array; mimeType: string }>;
  templates: MetaTemplate[];
  /** Last message from each user (by wa_id): the 24-hour customer service window. */
  windows: Map<string, number>;
  callbackFaults: CallbackFaults;
  /** Where webhooks go by default (settable once the receiver's URL is known). */
  webhookUrl: string | undefined;
  /** Posts inbound messages as a signed `messages` webhook (opening each sender's window). */
  sendInbound(messages: MetaInbound[], faults?: CallbackFaults, url?: string): Promise<Response[]>;
  sendStatuses(statuses: MetaStatus[], faults?: CallbackFaults, url?: string): Promise<Response[]>;
  sendTemplateStatus(update: MetaTemplateStatus, faults?: CallbackFaults, url?: string): Promise<Response[]>;
  /** Posts any payload, signed as Meta signs (or badly, per faults). */
  postWebhook(payload: unknown, faults?: CallbackFaults, url?: string): Promise<Response[]>;
  /** Meta's subscription handshake: GET with hub.mode, hub.verify_token, hub.challenge. */
  verifySubscription(url: string, options?: { token?: string; challenge?: string }): Promise<Response>;
  /** Hosts inbound media (downloadable with the access token only); returns its media id. */
  hostMedia(body: Uint8Array, mimeType: string): string;
  settled(): Promise<void>;
};
