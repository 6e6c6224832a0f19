import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import { Hono } from 'hono';
import { type CallbackFaults, createCallbackQueue, newUuid } from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';
import { type MultipartField, multipartOf } from './multipart';

export type SendgridFakeOptions = {
  apiKey?: string;
  host?: string;
  port?: number;
  /** After each accepted send, a signed `delivered` event goes here (retried until acknowledged). */
  eventsUrl?: string;
  /** Where `POST /_fake/inbound {from,to,body}` delivers a signed Inbound Parse post. */
  inboundUrl?: string;
  /** PEM private keys to sign with (kept by `iris fakes` so printed public keys stay valid). */
  eventKeyPem?: string;
  inboundKeyPem?: string;
};

/** One accepted Mail Send: its X-Message-Id and the JSON body as received. */
export type SendgridSent = { messageId: string; mail: Record<string, unknown> };

/** An Event Webhook event (fields as SendGrid names them); `sg_event_id` and `timestamp` are filled in. */
export type SendgridEventInput = {
  event: string;
  email: string;
  sg_message_id: string;
  sg_event_id?: string;
  timestamp?: number;
  [field: string]: unknown;
};

export type SendgridFake = FakeServer & {
  credentials: { apiKey: string; baseUrl: string; eventPublicKey: string; inboundPublicKey: string };
  sent: SendgridSent[];
  /** The signing keys (PEM), for whoever must keep them across restarts. */
  privateKeysPem: { events: string; inbound: string };
  /** Resolves when every automatic event sent so far was acknowledged. */
  settled(): Promise<void>;
  /** An event about a sent message, as SendGrid words it (`sg_message_id` carries the filter suffix). */
  event(kind: string, messageId: string, email: string, extra?: Record<string, unknown>): SendgridEventInput;
  /** POSTs one signed Event Webhook batch (faults: bad/missing signature, duplicate delivery…). */
  sendEvents(url: string, events: SendgridEventInput[], faults?: CallbackFaults): Promise<Response[]>;
  /** POSTs an Inbound Parse multipart form, signed with the Parse security policy key. */
  sendInbound(url: string, fields: MultipartField[], faults?: CallbackFaults): Promise<Response[]>;
};

const keyPair = (pem?: string) => {
  if (!pem) return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKey: createPublicKey(privateKey) };
};
const pemOf = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }).toString();
const spkiBase64 = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).toString('base64');

/** ECDSA P-256 / SHA-256 over `timestamp + payload`, base64 DER: SendGrid's signed webhooks. */
export function signSendgridPayload(privateKey: KeyObject, timestamp: string, payload: Uint8Array | string) {
  return sign('sha256', Buffer.concat([Buffer.from(timestamp), Buffer.from(payload)]), privateKey).toString(
    'base64',
  );
}

/**
 * SendGrid v3 Mail Send (Bearer auth, body validated, 202 + X-Message-Id), its signed Event Webhook
 * and Inbound Parse posts. Keys are generated per fake; the adapter gets the public halves.
 */
export async function startSendgridFake(options: SendgridFakeOptions = {}): Promise<SendgridFake> {
  const apiKey = options.apiKey ?? `SG.${randomBytes(8).toString('hex')}.${randomBytes(16).toString('hex')}`;
  const events = keyPair(options.eventKeyPem);
  const inbound = keyPair(options.inboundKeyPem);
  const queue = createCallbackQueue();
  const wrong = keyPair();
  const sent: SendgridSent[] = [];

  const app = new Hono();
  app.post('/v3/mail/send', async (c) => {
    if (c.req.header('authorization') !== `Bearer ${apiKey}`)
      return c.json(
        {
          errors: [
            { field: null, message: 'The provided authorization grant is invalid, expired, or revoked' },
          ],
        },
        401,
      );
    let mail: Record<string, unknown>;
    try {
      mail = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ errors: [{ field: null, message: 'Bad Request' }] }, 400);
    }
    const problems = validate(mail);
    if (problems.length) return c.json({ errors: problems }, 400);
    const messageId = randomBytes(16).toString('base64url').slice(0, 22);
    sent.push({ messageId, mail });
    if (options.eventsUrl) {
      const to = (mail.personalizations as { to: { email: string }[] }[])[0]!.to[0]!.email;
      const eventsUrl = options.eventsUrl;
      queue.enqueue(
        [fake.event('delivered', messageId, to)],
        (event, at) => {
          const body = JSON.stringify([event]);
          const timestamp = String(at.seconds);
          return {
            method: 'POST',
            url: eventsUrl,
            headers: {
              'content-type': 'application/json',
              'x-twilio-email-event-webhook-timestamp': timestamp,
              'x-twilio-email-event-webhook-signature': signSendgridPayload(
                events.privateKey,
                timestamp,
                body,
              ),
            },
            body,
          };
        },
        () => ({}),
      );
    }
    return c.body(null, 202, { 'x-message-id': messageId });
  });
  app.post('/_fake/inbound', async (c) => {
    if (!options.inboundUrl) return c.json({ error: 'no inboundUrl configured' }, 400);
    const input = (await c.req.json()) as { from: string; to: string; body?: string };
    const id = `<${newUuid()}@fake.sendgrid.test>`;
    const responses = await fake.sendInbound(options.inboundUrl, [
      { name: 'headers', value: `Message-ID: ${id}\nFrom: ${input.from}\nTo: ${input.to}\nSubject: Hello\n` },
      { name: 'from', value: input.from },
      { name: 'to', value: input.to },
      { name: 'subject', value: 'Hello' },
      { name: 'text', value: input.body ?? '' },
      { name: 'envelope', value: JSON.stringify({ to: [input.to], from: input.from }) },
    ]);
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });

  const sendSigned = async (
    url: string,
    body: Uint8Array | string,
    contentType: string,
    privateKey: KeyObject,
    faults: CallbackFaults,
  ) => {
    const timestamp = String(Math.floor(Date.now() / 1000) - (faults.staleSeconds ?? 0));
    const headers: Record<string, string> = { 'content-type': contentType };
    if (!faults.unsigned) {
      headers['x-twilio-email-event-webhook-timestamp'] = timestamp;
      headers['x-twilio-email-event-webhook-signature'] = signSendgridPayload(
        faults.badSignature ? wrong.privateKey : privateKey,
        timestamp,
        body,
      );
    }
    const responses: Response[] = [];
    for (let copy = 0; copy < (faults.duplicate ? 2 : 1); copy++)
      responses.push(await fetch(url, { method: 'POST', headers, body }));
    return responses;
  };

  const fake: SendgridFake = {
    ...server,
    privateKeysPem: { events: pemOf(events.privateKey), inbound: pemOf(inbound.privateKey) },
    settled: () => queue.settled(),
    credentials: {
      apiKey,
      baseUrl: server.url,
      eventPublicKey: spkiBase64(events.publicKey),
      inboundPublicKey: spkiBase64(inbound.publicKey),
    },
    sent,
    event(kind, messageId, email, extra = {}) {
      return {
        event: kind,
        email,
        timestamp: Math.floor(Date.now() / 1000),
        sg_event_id: randomBytes(16).toString('base64url'),
        sg_message_id: `${messageId}.filterdrecv-${randomBytes(4).toString('hex')}-1-${newUuid().slice(0, 8)}.0`,
        'smtp-id': `<${messageId}@ismtpd0001p1>`,
        ...extra,
      };
    },
    async sendEvents(url, batch, faults = {}) {
      // Out of order is SendGrid's normal: the batch goes as given, reversed when asked.
      const ordered = faults.reorder ? [...batch].reverse() : batch;
      const body = JSON.stringify(
        ordered.map((e) => ({
          timestamp: Math.floor(Date.now() / 1000),
          sg_event_id: randomBytes(16).toString('base64url'),
          ...e,
        })),
      );
      return sendSigned(url, body, 'application/json', events.privateKey, faults);
    },
    async sendInbound(url, fields, faults = {}) {
      const { body, contentType } = await multipartOf(fields);
      return sendSigned(url, body, contentType, inbound.privateKey, faults);
    },
  };
  return fake;
}

function validate(mail: Record<string, unknown>) {
  const problems: { field: string; message: string }[] = [];
  const personalizations = mail.personalizations as { to?: { email?: string }[] }[] | undefined;
  if (!Array.isArray(personalizations) || personalizations.length === 0)
    problems.push({ field: 'personalizations', message: 'The personalizations field is required.' });
  else if (personalizations.some((p) => !p.to?.length || p.to.some((t) => !t.email?.includes('@'))))
    problems.push({
      field: 'personalizations.0.to',
      message: 'Each personalization needs valid to addresses.',
    });
  const from = mail.from as { email?: string } | undefined;
  if (!from?.email?.includes('@'))
    problems.push({ field: 'from.email', message: 'The from email is required.' });
  const content = mail.content as { type?: string; value?: string }[] | undefined;
  if (!mail.template_id && (!Array.isArray(content) || content.length === 0 || content.some((p) => !p.value)))
    problems.push({ field: 'content', message: 'Content with a non-empty value is required.' });
  else if (Array.isArray(content) && content.length > 1 && content[0]?.type !== 'text/plain')
    problems.push({ field: 'content.0.type', message: 'text/plain must come first.' });
  if (typeof mail.subject !== 'string' || mail.subject === '')
    problems.push({ field: 'subject', message: 'The subject is required.' });
  return problems;
}
