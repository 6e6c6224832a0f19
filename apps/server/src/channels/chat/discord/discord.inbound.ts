import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { InboundMessage, RawWebhook } from '../../channel';
import { invalidSignature } from '../chat-http';
import type { ChatWebhookOutcome } from '../chat-provider';
import { type DiscordInteraction, DiscordInteractionSchema } from './discord.schema';

/** Interaction types (Discord) and the callback types we answer with. */
const PING = 1;
const APPLICATION_COMMAND = 2;
const MESSAGE_COMPONENT = 3;
const AUTOCOMPLETE = 4;
const MODAL_SUBMIT = 5;
const PONG = 1;
const CHANNEL_MESSAGE_WITH_SOURCE = 4;
const DEFERRED_UPDATE_MESSAGE = 6;
const AUTOCOMPLETE_RESULT = 8;
const EPHEMERAL = 64;

/** Interactions older than this are refused as replays (Discord answers within seconds). */
export const DISCORD_MAX_SKEW_MS = 5 * 60 * 1000;

/** The application's public key (64 hex chars) as a Node key object. */
export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') },
    format: 'jwk',
  });
}

/** Ed25519 over `timestamp + raw body` with the application's public key (X-Signature-*). */
export function verifyDiscordSignature(raw: RawWebhook, key: KeyObject, now = Date.now()): void {
  const signature = raw.headers.get('x-signature-ed25519') ?? '';
  const timestamp = raw.headers.get('x-signature-timestamp') ?? '';
  if (!/^[0-9a-fA-F]{128}$/.test(signature) || !/^\d{1,12}$/.test(timestamp))
    throw invalidSignature('discord', 'unsigned request');
  const valid = verify(null, Buffer.from(timestamp + raw.body), key, Buffer.from(signature, 'hex'));
  if (!valid) throw invalidSignature('discord', 'signature does not verify');
  if (Math.abs(now - Number(timestamp) * 1000) > DISCORD_MAX_SKEW_MS)
    throw invalidSignature('discord', 'interaction timestamp too old');
}

const json = (value: unknown) => ({
  status: 200,
  contentType: 'application/json',
  body: JSON.stringify(value),
});

/**
 * A verified interaction: PING is answered PONG; slash commands, component clicks and modal
 * submissions become inbound messages (Discord sends ordinary channel messages only over its
 * Gateway, which IRIS does not hold open), each acknowledged within Discord's three seconds.
 */
export function parseDiscordInteraction(
  raw: RawWebhook,
  options: { instanceId: string; interactionReply: string },
): ChatWebhookOutcome {
  const interaction = DiscordInteractionSchema.parse(JSON.parse(raw.body));
  if (interaction.type === PING) return { messages: [], reply: json({ type: PONG }) };
  if (interaction.type === AUTOCOMPLETE)
    return { messages: [], reply: json({ type: AUTOCOMPLETE_RESULT, data: { choices: [] } }) };
  const user = interaction.member?.user ?? interaction.user;
  const normalized = user ? normalize(interaction, user.id, options.instanceId) : undefined;
  if (!normalized) return { messages: [], reply: json({ type: DEFERRED_UPDATE_MESSAGE }) };
  const reply =
    interaction.type === MESSAGE_COMPONENT
      ? json({ type: DEFERRED_UPDATE_MESSAGE })
      : json({
          type: CHANNEL_MESSAGE_WITH_SOURCE,
          data: { content: options.interactionReply, flags: EPHEMERAL },
        });
  return { messages: [normalized], reply };
}

function normalize(interaction: DiscordInteraction, userId: string, instanceId: string) {
  const data = interaction.data ?? {};
  let body: string;
  let detail: Record<string, unknown>;
  if (interaction.type === APPLICATION_COMMAND) {
    const options = flattenOptions(data.options ?? []);
    body = [
      `/${data.name ?? ''}`,
      ...options.map((o) => (o.value === undefined ? o.name : `${o.name}:${String(o.value)}`)),
    ].join(' ');
    detail = { type: 'command', name: data.name ?? null, options };
  } else if (interaction.type === MESSAGE_COMPONENT) {
    body = data.values?.join(', ') || (data.custom_id ?? '');
    detail = { type: 'component', customId: data.custom_id ?? null, values: data.values ?? [] };
  } else if (interaction.type === MODAL_SUBMIT) {
    const fields = modalFields(data.components ?? []);
    body = fields.map((f) => f.value).join('\n');
    detail = { type: 'modal', customId: data.custom_id ?? null, fields };
  } else return undefined;
  const message: InboundMessage = {
    provider: instanceId,
    providerMessageId: `interaction:${interaction.id}`,
    channel: 'discord',
    from: `discord:${userId}`,
    to: `discord:${interaction.application_id}`,
    body,
    media: [],
    content: {
      platform: 'discord',
      channelId: interaction.channel_id ?? interaction.channel?.id ?? null,
      guildId: interaction.guild_id ?? null,
      interactionId: interaction.id,
      messageId: interaction.message?.id ?? null,
      interaction: detail,
    },
    receivedAt: new Date(),
  };
  return message;
}

type Option = { name: string; type: number; value?: unknown; options?: Option[] };
/** Subcommands nest their options: `/ticket open priority:high` reads as a flat list. */
function flattenOptions(options: Option[], prefix = ''): { name: string; value?: unknown }[] {
  return options.flatMap((o) => {
    const name = `${prefix}${o.name}`;
    if (!o.options) return [{ name, value: o.value }];
    const nested = flattenOptions(o.options, `${name} `);
    return nested.length > 0 ? nested : [{ name }];
  });
}

/** Text inputs of a modal: action rows holding `{custom_id, value}` components. */
function modalFields(rows: unknown[]): { customId: string; value: string }[] {
  const fields: { customId: string; value: string }[] = [];
  for (const row of rows) {
    const components = (row as { components?: unknown[] }).components ?? [];
    for (const component of components) {
      const { custom_id, value } = component as { custom_id?: unknown; value?: unknown };
      if (typeof custom_id === 'string' && typeof value === 'string')
        fields.push({ customId: custom_id, value });
    }
  }
  return fields;
}
