import { createHmac, randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import {
  type CallbackFaults,
  createCallbackQueue,
  deliverWebhooks,
  type WebhookSigner,
  WRONG_SECRET,
} from '../callback-kit';
import { type FakeServer, startFakeServer } from '../fake-server';

export type TwilioFakeOptions = {
  host?: string;
  port?: number;
  accountSid?: string;
  authToken?: string;
  /** Where `sendInbound()` and `POST /_fake/inbound` deliver by default (the number's messaging URL). */
  inboundUrl?: string;
  /** After each accepted send with a StatusCallback: `sent` then this final status (default delivered). */
  outcome?: 'delivered' | 'undelivered' | 'failed' | 'none';
};

export type TwilioStatusEvent = {
  messageSid: string;
  status: 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';
  errorCode?: number;
};
export type TwilioInboundMedia = { body: Uint8Array; contentType: string };
export type TwilioInboundEvent = {
  from: string;
  to: string;
  body?: string;
  media?: TwilioInboundMedia[];
  messageSid?: string;
};
export type TwilioSent = { sid: string; form: URLSearchParams; status: string };

export type TwilioFake = FakeServer & {
  credentials: { accountSid: string; authToken: string; baseUrl: string };
  /** Accepted sends, by Message SID, in order. */
  sent: Map<string, TwilioSent>;
  /** Faults applied to the callbacks the fake posts by itself after a send. */
  callbackFaults: CallbackFaults;
  sendStatus(url: string, events: TwilioStatusEvent[], faults?: CallbackFaults): Promise<Response[]>;
  /** A phone texts the number: an inbound webhook (its media hosted by the fake, behind Basic auth). */
  sendInbound(
    url: string | undefined,
    message: TwilioInboundEvent,
    faults?: CallbackFaults,
  ): Promise<Response[]>;
  settled(): Promise<void>;
};

/** The signature Twilio puts in X-Twilio-Signature: base64 HMAC-SHA1 over URL + sorted name+value pairs. */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

const sidOf = (prefix: string) => prefix + randomBytes(16).toString('hex');
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Twilio's magic test numbers (twilio.com/docs/iam/test-credentials): sending to these fails with
 * the documented error, so adapters can be tested against Twilio's own error vocabulary.
 */
const MAGIC_TO: Record<string, [number, string]> = {
  '+15005550001': [21211, "The 'To' number +15005550001 is not a valid phone number."],
  '+15005550002': [21612, "The 'To' phone number is not currently reachable via SMS."],
  '+15005550003': [
    21408,
    'Permission to send an SMS has not been enabled for the region indicated by the To number.',
  ],
  '+15005550004': [21610, 'Attempt to send to unsubscribed recipient'],
  '+15005550009': [21614, "'To' number is not a valid mobile number"],
};

/**
 * Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` (HTTP Basic,
 * form body, 201 with the Message resource), Twilio's error body `{code, message, more_info, status}`,
 * status callbacks and inbound messages signed with X-Twilio-Signature, inbound media served with
 * Basic auth. `POST /_fake/inbound {from,to,body}` originates an inbound message (for `iris fakes`).
 */
export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const credentials = {
    accountSid: options.accountSid ?? `AC${'0'.repeat(24)}${randomBytes(4).toString('hex')}`,
    authToken: options.authToken ?? randomBytes(16).toString('hex'),
    baseUrl: '',
  };
  const sent = new Map<string, TwilioSent>();
  const media = new Map<string, TwilioInboundMedia>();
  const queue = createCallbackQueue();

  const signed = (url: string, params: Record<string, string>, faults: CallbackFaults) => {
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      'i-twilio-idempotency-token': randomBytes(16).toString('hex'),
    };
    const key = faults.badSignature ? WRONG_SECRET : credentials.authToken;
    if (!faults.unsigned) headers['x-twilio-signature'] = signTwilioRequest(key, url, params);
    return { method: 'POST' as const, url, headers, body: new URLSearchParams(params).toString() };
  };
  const statusSigner =
    (url: string): WebhookSigner<TwilioStatusEvent> =>
    (event, at) => {
      const original = sent.get(event.messageSid)?.form;
      const params: Record<string, string> = {
        AccountSid: credentials.accountSid,
        ApiVersion: '2010-04-01',
        From: original?.get('From') ?? '+15005550006',
        MessageSid: event.messageSid,
        MessageStatus: event.status,
        SmsSid: event.messageSid,
        SmsStatus: event.status,
        To: original?.get('To') ?? '+14155550100',
      };
      if (event.errorCode !== undefined) params.ErrorCode = String(event.errorCode);
      if (event.status === 'delivered') params.RawDlrDoneDate = rawDlrDate(at.seconds);
      return signed(url, params, at.faults);
    };
  const inboundSigner =
    (url: string): WebhookSigner<TwilioInboundEvent> =>
    (message, at) => {
      const sid = message.messageSid ?? sidOf(message.media?.length ? 'MM' : 'SM');
      const params: Record<string, string> = {
        ToCountry: 'US',
        ToState: 'CA',
        SmsMessageSid: sid,
        NumMedia: String(message.media?.length ?? 0),
        ToCity: 'SAN FRANCISCO',
        FromZip: '94105',
        SmsSid: sid,
        FromState: 'CA',
        SmsStatus: 'received',
        FromCity: 'SAN FRANCISCO',
        Body: message.body ?? '',
        FromCountry: 'US',
        To: message.to,
        ToZip: '94105',
        NumSegments: '1',
        MessageSid: sid,
        AccountSid: credentials.accountSid,
        From: message.from,
        ApiVersion: '2010-04-01',
      };
      for (const [n, item] of (message.media ?? []).entries()) {
        const mediaSid = sidOf('ME');
        media.set(mediaSid, item);
        params[`MediaContentType${n}`] = item.contentType;
        params[`MediaUrl${n}`] =
          `${credentials.baseUrl}/2010-04-01/Accounts/${credentials.accountSid}/Messages/${sid}/Media/${mediaSid}`;
      }
      return signed(url, params, at.faults);
    };

  const error = (status: number, code: number, message: string) => ({
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });
  const authorized = (header: string | undefined) => {
    if (!header?.startsWith('Basic ')) return false;
    const [user, secret] = Buffer.from(header.slice(6), 'base64').toString().split(':');
    return user === credentials.accountSid && secret === credentials.authToken;
  };

  const app = new Hono();
  app.post('/2010-04-01/Accounts/:sid/Messages.json', async (c) => {
    if (!authorized(c.req.header('authorization')) || c.req.param('sid') !== credentials.accountSid)
      return c.json(error(401, 20003, 'Authenticate'), 401);
    if (!c.req.header('content-type')?.startsWith('application/x-www-form-urlencoded'))
      return c.json(error(400, 21601, 'Content-Type must be application/x-www-form-urlencoded'), 400);
    const form = new URLSearchParams(await c.req.text());
    const to = form.get('To');
    const from = form.get('From');
    const body = form.get('Body');
    const mediaUrls = form.getAll('MediaUrl');
    if (!to) return c.json(error(400, 21604, "A 'To' phone number is required."), 400);
    if (!from && !form.get('MessagingServiceSid'))
      return c.json(error(400, 21603, "A 'From' phone number is required."), 400);
    if (!E164.test(to))
      return c.json(error(400, 21211, `The 'To' number ${to} is not a valid phone number.`), 400);
    if (from && !E164.test(from) && !/^[A-Za-z0-9 ]{1,11}$/.test(from))
      return c.json(
        error(400, 21212, `The 'From' number ${from} is not a valid phone number or shortcode.`),
        400,
      );
    const magic = MAGIC_TO[to];
    if (magic) return c.json(error(400, magic[0], magic[1]), 400);
    if (!body && mediaUrls.length === 0)
      return c.json(error(400, 21619, 'A text message body or media urls must be specified.'), 400);
    if (body && body.length > 1600)
      return c.json(
        error(400, 21617, 'The concatenated message body exceeds the 1600 character limit.'),
        400,
      );
    if (mediaUrls.length > 10)
      return c.json(error(400, 21623, 'Number of media files exceeds allowed limit.'), 400);
    if (mediaUrls.some((url) => !/^https?:\/\//.test(url)))
      return c.json(error(400, 21620, 'Invalid media URL(s).'), 400);
    const callback = form.get('StatusCallback');
    if (callback && !/^https?:\/\//.test(callback))
      return c.json(error(400, 21609, 'Invalid StatusCallback URL.'), 400);

    const sid = sidOf(mediaUrls.length > 0 ? 'MM' : 'SM');
    sent.set(sid, { sid, form, status: 'queued' });
    const outcome = options.outcome ?? 'delivered';
    if (callback && outcome !== 'none') {
      const events: TwilioStatusEvent[] =
        outcome === 'failed'
          ? [{ messageSid: sid, status: 'failed', errorCode: 30008 }]
          : [
              { messageSid: sid, status: 'sent' },
              outcome === 'undelivered'
                ? { messageSid: sid, status: 'undelivered', errorCode: 30003 }
                : { messageSid: sid, status: 'delivered' },
            ];
      queue.enqueue(events, statusSigner(callback), () => fake.callbackFaults);
    }
    const now = new Date().toUTCString().replace('GMT', '+0000');
    return c.json(
      {
        account_sid: credentials.accountSid,
        api_version: '2010-04-01',
        body: body ?? '',
        date_created: now,
        date_sent: null,
        date_updated: now,
        direction: 'outbound-api',
        error_code: null,
        error_message: null,
        from,
        messaging_service_sid: form.get('MessagingServiceSid'),
        num_media: String(mediaUrls.length),
        num_segments: String(Math.max(1, Math.ceil((body?.length ?? 0) / 153))),
        price: null,
        price_unit: 'USD',
        sid,
        status: 'queued',
        subresource_uris: {
          media: `/2010-04-01/Accounts/${credentials.accountSid}/Messages/${sid}/Media.json`,
        },
        to,
        uri: `/2010-04-01/Accounts/${credentials.accountSid}/Messages/${sid}.json`,
      },
      201,
    );
  });
  app.get('/2010-04-01/Accounts/:sid/Messages/:message/Media/:media', (c) => {
    if (!authorized(c.req.header('authorization'))) return c.json(error(401, 20003, 'Authenticate'), 401);
    const item = media.get(c.req.param('media'));
    if (!item) return c.json(error(404, 20404, 'The requested resource was not found'), 404);
    return c.body(item.body as Uint8Array<ArrayBuffer>, 200, { 'content-type': item.contentType });
  });
  app.post('/_fake/inbound', async (c) => {
    const input = (await c.req.json()) as { from: string; to: string; body?: string };
    const responses = await fake.sendInbound(undefined, input);
    return c.json({ delivered: responses.map((r) => r.status) });
  });

  const server = await startFakeServer({ app, host: options.host, port: options.port });
  credentials.baseUrl = server.url;
  const fake: TwilioFake = Object.assign(server, {
    credentials,
    sent,
    // A plain property (Object.assign copies values, not accessors): the queue reads it at each delivery.
    callbackFaults: {} as CallbackFaults,
    sendStatus: (url: string, events: TwilioStatusEvent[], faults?: CallbackFaults) =>
      deliverWebhooks(events, statusSigner(url), faults),
    sendInbound(url: string | undefined, message: TwilioInboundEvent, faults?: CallbackFaults) {
      const target = url ?? options.inboundUrl;
      if (!target)
        throw new Error('twilio fake: no inbound URL (pass one, or start the fake with inboundUrl)');
      return deliverWebhooks([message], inboundSigner(target), faults);
    },
    settled: () => queue.settled(),
  });
  return fake;
}

/** RawDlrDoneDate: the carrier's YYMMDDhhmm. */
function rawDlrDate(seconds: number) {
  const iso = new Date(seconds * 1000).toISOString();
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
}
