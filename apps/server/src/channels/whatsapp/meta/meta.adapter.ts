import { z } from 'zod';
import {
  type ChannelKind,
  type ChannelProvider,
  ProviderError,
  type ProviderModule,
  type RawWebhook,
} from '../../channel';
import { fetchProviderMedia } from '../../provider-media';
import type { ProviderRuntime } from '../../provider-runtime';
import type { WhatsAppProvider } from '../whatsapp-provider';
import { createGraphClient } from './meta.graph';
import { type ParsedMetaWebhook, parseMetaWebhook, verifyHubSignature } from './meta.inbound';
import { graphMessageBody, type MediaResolver } from './meta.request';
import {
  type GraphTemplate,
  MediaInfoSchema,
  type MetaCredentials,
  MetaCredentialsSchema,
  PhoneNumberInfoSchema,
  SendResponseSchema,
  TemplatePageSchema,
  type WebhookEnvelope,
  WebhookEnvelopeSchema,
} from './meta.schema';
import { contentOfPlainMessage, type WhatsAppContent, WhatsAppContentSchema } from './whatsapp-content';

/** What only Meta's Cloud API offers besides sending: the one webhook, templates, read receipts, the number's profile. */
export type MetaWhatsAppApi = {
  phoneNumberId: string;
  businessAccountId: string;
  /** The subscription handshake's `hub.verify_token` is ours. */
  isVerifyToken(token: string): boolean;
  verifySignature(request: RawWebhook): boolean;
  /** The changes of a verified webhook that concern this number (and its account's templates). */
  parse(envelope: WebhookEnvelope): ParsedMetaWebhook;
  listTemplates(options: { signal: AbortSignal }): Promise<GraphTemplate[]>;
  markRead(wamid: string, options: { signal: AbortSignal }): Promise<void>;
  phoneNumber(options: { signal: AbortSignal }): Promise<z.infer<typeof PhoneNumberInfoSchema>>;
};
export type MetaWhatsAppProvider = WhatsAppProvider & { meta: MetaWhatsAppApi };

export const isMetaWhatsApp = (provider: ChannelProvider<ChannelKind>): provider is MetaWhatsAppProvider =>
  provider.kind === 'whatsapp' && 'meta' in provider;

const TEMPLATE_FIELDS = 'id,name,language,status,category,parameter_format,components,rejected_reason';
const MAX_TEMPLATE_PAGES = 50;

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** WhatsApp Business on Meta's Cloud API: one configured business phone number per instance. */
export const metaProviderModule: ProviderModule<'whatsapp', MetaCredentials, ProviderRuntime> = {
  id: 'meta',
  kind: 'whatsapp',
  credentialsSchema: MetaCredentialsSchema,
  create({ instanceId, credentials, runtime }): MetaWhatsAppProvider {
    const graph = createGraphClient(instanceId, credentials);
    const permanent = (message: string, code: string, cause?: unknown) =>
      new ProviderError(`${instanceId}: ${message}`, { retryable: false, code, cause });

    /** Our uploaded copies go to Meta's media endpoint first: a send takes a media id or a link. */
    const resolveMedia =
      (signal: AbortSignal): MediaResolver =>
      async (ref) => {
        if (ref.id) return { id: ref.id };
        if (ref.link) return { link: ref.link };
        const stream = await runtime.storage.get(ref.storageKey!);
        if (!stream)
          throw permanent(`media ${ref.storageKey} is gone from the object store`, 'media_missing');
        const type = ref.contentType ?? 'application/octet-stream';
        const form = new FormData();
        form.set('messaging_product', 'whatsapp');
        form.set('type', type);
        form.set('file', new Blob([await readAll(stream)], { type }), ref.filename ?? 'file');
        const uploaded = await graph.call(
          `/${credentials.phoneNumberId}/media`,
          z.object({ id: z.string() }),
          {
            form,
            signal,
          },
        );
        return { id: uploaded.id };
      };

    function contentOf(message: { content?: Record<string, unknown>; media: string[] }): WhatsAppContent {
      if (!message.content || Object.keys(message.content).length === 0)
        return contentOfPlainMessage(message);
      const parsed = WhatsAppContentSchema.safeParse(message.content);
      if (!parsed.success)
        throw permanent('the message content is not WhatsApp content', 'whatsapp_invalid_content');
      return parsed.data;
    }

    function verifiedEnvelope(request: RawWebhook): WebhookEnvelope {
      if (!verifyHubSignature(credentials.appSecret, request))
        throw new ProviderError(`${instanceId}: bad X-Hub-Signature-256`, {
          retryable: false,
          code: 'invalid_signature',
        });
      return WebhookEnvelopeSchema.parse(JSON.parse(request.body));
    }

    const meta: MetaWhatsAppApi = {
      phoneNumberId: credentials.phoneNumberId,
      businessAccountId: credentials.businessAccountId,
      isVerifyToken: (token) => {
        const a = Buffer.from(token);
        const b = Buffer.from(credentials.verifyToken);
        return a.length === b.length && a.equals(b);
      },
      verifySignature: (request) => verifyHubSignature(credentials.appSecret, request),
      parse: (envelope) => parseMetaWebhook(instanceId, credentials, envelope),
      async listTemplates({ signal }) {
        const templates: GraphTemplate[] = [];
        let next: string | undefined =
          `/${credentials.businessAccountId}/message_templates?limit=100&fields=${TEMPLATE_FIELDS}`;
        for (let page = 0; next && page < MAX_TEMPLATE_PAGES; page++) {
          const answer: z.infer<typeof TemplatePageSchema> = await graph.call(next, TemplatePageSchema, {
            signal,
          });
          templates.push(...answer.data);
          next = answer.paging?.next;
        }
        return templates;
      },
      async markRead(wamid, { signal }) {
        await graph.call(`/${credentials.phoneNumberId}/messages`, z.object({ success: z.boolean() }), {
          json: { messaging_product: 'whatsapp', status: 'read', message_id: wamid },
          signal,
        });
      },
      phoneNumber: ({ signal }) =>
        graph.call(
          `/${credentials.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating,code_verification_status,platform_type,throughput`,
          PhoneNumberInfoSchema,
          { signal },
        ),
    };

    return {
      id: instanceId,
      kind: 'whatsapp',
      // Meta posts statuses and inbound messages to the one callback URL.
      statusesOnInbound: true,
      meta,
      async send(message, { signal }) {
        const body = await graphMessageBody(message, contentOf(message), resolveMedia(signal));
        const sent = await graph.call(`/${credentials.phoneNumberId}/messages`, SendResponseSchema, {
          json: body,
          signal,
        });
        return { providerMessageId: sent.messages[0]!.id, status: 'queued' };
      },
      async fetchMedia(url, { signal }) {
        // Our inbound media URLs are Graph media ids; the Graph answers with a short-lived download URL
        // (on Meta's CDN host) that also wants the token.
        if (!url.startsWith(`${graph.base}/`))
          throw permanent(`not a Graph media URL: ${url}`, 'media_missing');
        const info = await graph.call(url, MediaInfoSchema, { signal });
        return fetchProviderMedia(info.url, {
          provider: instanceId,
          signal,
          authOrigin: new URL(info.url).origin,
          headers: graph.auth,
        });
      },
      async parseInboundWebhook(request) {
        return meta.parse(verifiedEnvelope(request)).inbound;
      },
      async parseStatusWebhook(request) {
        return meta.parse(verifiedEnvelope(request)).statuses;
      },
    };
  },
};
