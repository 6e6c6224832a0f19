import { createHmac } from 'node:crypto';
import type { InboundMessage, RawWebhook } from '../../channel';
import { invalidSignature, secretsEqual } from '../chat-http';
import type { ChatWebhookOutcome } from '../chat-provider';
import {
  SlackCommandSchema,
  SlackEnvelopeSchema,
  type SlackInteraction,
  SlackInteractionSchema,
} from './slack.schema';

/** Slack's replay window: a request timestamped further than this from now is refused. */
export const SLACK_MAX_SKEW_MS = 5 * 60 * 1000;

/** Message subtypes that are a person writing (others are edits, joins, bots…). */
const PERSON_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast']);

const EMPTY_OK = { status: 200, contentType: 'text/plain', body: '' };

/**
 * v0 signing: `v0=` + hex HMAC-SHA256(signing secret, `v0:<timestamp>:<raw body>`), with the
 * timestamp within five minutes of now so a captured request cannot be replayed later.
 */
export function verifySlackSignature(raw: RawWebhook, signingSecret: string, now = Date.now()): void {
  const timestamp = raw.headers.get('x-slack-request-timestamp') ?? '';
  const signature = raw.headers.get('x-slack-signature') ?? '';
  if (!/^\d{1,12}$/.test(timestamp) || !signature) throw invalidSignature('slack', 'unsigned request');
  if (Math.abs(now - Number(timestamp) * 1000) > SLACK_MAX_SKEW_MS)
    throw invalidSignature('slack', 'request timestamp outside the five-minute window');
  const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${raw.body}`).digest('hex')}`;
  if (!secretsEqual(signature, expected)) throw invalidSignature('slack', 'signature does not verify');
}

/** Interprets a verified Slack request: Events API JSON, or a form post (interactivity, slash command). */
export function parseSlackWebhook(raw: RawWebhook, instanceId: string): ChatWebhookOutcome {
  const contentType = raw.headers.get('content-type') ?? '';
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw.body);
    const payload = form.get('payload');
    if (payload) return parseInteraction(SlackInteractionSchema.parse(JSON.parse(payload)), instanceId);
    return parseCommand(Object.fromEntries(form), instanceId);
  }
  const envelope = SlackEnvelopeSchema.parse(JSON.parse(raw.body));
  if (envelope.type === 'url_verification')
    return {
      messages: [],
      reply: {
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ challenge: envelope.challenge }),
      },
    };
  if (envelope.type !== 'event_callback') return { messages: [] };
  const { event, team_id: team } = envelope;
  const isMessage =
    (event.type === 'message' && PERSON_SUBTYPES.has(event.subtype)) || event.type === 'app_mention';
  // The bot's own posts come back as events too: storing them would echo our sends as inbound.
  if (!isMessage || event.bot_id || !event.user || !event.channel || !event.ts) return { messages: [] };
  const message: InboundMessage = {
    provider: instanceId,
    // channel+ts is the message: a retry (X-Slack-Retry-Num, same event_id) or the same message
    // delivered as both `message` and `app_mention` stores once.
    providerMessageId: `${event.channel}:${event.ts}`,
    channel: 'slack',
    from: `slack:${team}:${event.user}`,
    to: `slack:${team}`,
    body: event.text ?? null,
    media: (event.files ?? []).flatMap((f) => (f.url_private ? [f.url_private] : [])),
    content: {
      platform: 'slack',
      team,
      channel: event.channel,
      channelType: event.channel_type ?? null,
      ts: event.ts,
      threadTs: event.thread_ts ?? null,
      eventId: envelope.event_id,
      files: (event.files ?? []).map((f) => ({
        id: f.id,
        name: f.name ?? null,
        mimetype: f.mimetype ?? null,
      })),
    },
    receivedAt: new Date(Number(event.ts) * 1000),
  };
  return { messages: [message] };
}

function parseInteraction(payload: SlackInteraction, instanceId: string): ChatWebhookOutcome {
  const team = payload.team?.id ?? payload.user.team_id;
  if (!team || !payload.trigger_id) return { messages: [], reply: EMPTY_OK };
  const base = {
    provider: instanceId,
    providerMessageId: `interaction:${payload.trigger_id}`,
    channel: 'slack' as const,
    from: `slack:${team}:${payload.user.id}`,
    to: `slack:${team}`,
    media: [],
    receivedAt: new Date(),
  };
  const context = {
    platform: 'slack',
    team,
    channel: payload.channel?.id ?? null,
    threadTs: payload.container?.thread_ts ?? payload.container?.message_ts ?? null,
  };
  if (payload.type === 'block_actions' && payload.actions?.length) {
    const action = payload.actions[0]!;
    const value = action.value ?? action.selected_option?.value ?? action.text?.text ?? action.action_id;
    return {
      messages: [
        {
          ...base,
          body: value,
          content: {
            ...context,
            interaction: {
              type: 'block_actions',
              actionId: action.action_id,
              blockId: action.block_id ?? null,
              value,
            },
          },
        },
      ],
      reply: EMPTY_OK,
    };
  }
  if (payload.type === 'view_submission' && payload.view) {
    const values = payload.view.state?.values ?? {};
    return {
      messages: [
        {
          ...base,
          body: null,
          content: {
            ...context,
            interaction: { type: 'view_submission', callbackId: payload.view.callback_id ?? null, values },
          },
        },
      ],
      reply: EMPTY_OK,
    };
  }
  return { messages: [], reply: EMPTY_OK };
}

function parseCommand(fields: Record<string, string>, instanceId: string): ChatWebhookOutcome {
  const command = SlackCommandSchema.parse(fields);
  const message: InboundMessage = {
    provider: instanceId,
    providerMessageId: `command:${command.trigger_id}`,
    channel: 'slack',
    from: `slack:${command.team_id}:${command.user_id}`,
    to: `slack:${command.team_id}`,
    body: `${command.command} ${command.text}`.trim(),
    media: [],
    content: {
      platform: 'slack',
      team: command.team_id,
      channel: command.channel_id,
      threadTs: null,
      interaction: { type: 'slash_command', command: command.command, text: command.text },
    },
    receivedAt: new Date(),
  };
  return { messages: [message], reply: EMPTY_OK };
}
