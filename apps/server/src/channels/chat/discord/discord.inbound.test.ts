import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawWebhook } from '../../channel';
import { discordPublicKey, parseDiscordInteraction, verifyDiscordSignature } from './discord.inbound';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
const key = discordPublicKey(hex);

function signed(interaction: unknown, options: { at?: number; with?: typeof privateKey } = {}): RawWebhook {
  const body = JSON.stringify(interaction);
  const timestamp = String(Math.floor((options.at ?? Date.now()) / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), options.with ?? privateKey).toString('hex');
  return {
    url: 'http://iris.test/v1/social/webhook/discord',
    headers: new Headers({ 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }),
    body,
  };
}
const options = { instanceId: 'discord-main', interactionReply: 'Got it' };

describe('discord interaction signatures (Ed25519 over timestamp + body)', () => {
  const ping = { id: '1', application_id: '2', type: 1 };

  it('accepts the application key and refuses another key, a changed body or no signature', () => {
    expect(() => verifyDiscordSignature(signed(ping), key)).not.toThrow();
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(() => verifyDiscordSignature(signed(ping, { with: other }), key)).toThrow(/does not verify/);
    const tampered = { ...signed(ping), body: JSON.stringify({ ...ping, type: 2 }) };
    expect(() => verifyDiscordSignature(tampered, key)).toThrow(/does not verify/);
    expect(() => verifyDiscordSignature({ ...signed(ping), headers: new Headers() }, key)).toThrow(
      /unsigned/,
    );
  });

  it('refuses a correctly signed interaction replayed after five minutes', () => {
    expect(() => verifyDiscordSignature(signed(ping, { at: Date.now() - 6 * 60_000 }), key)).toThrow(
      /too old/,
    );
  });
});

describe('discord interaction parsing', () => {
  it('answers PING with PONG and stores nothing', () => {
    const outcome = parseDiscordInteraction(signed({ id: '1', application_id: '2', type: 1 }), options);
    expect(outcome).toEqual({
      messages: [],
      reply: { status: 200, contentType: 'application/json', body: '{"type":1}' },
    });
  });

  it('turns a slash command into a message from discord:<user id>, acknowledged ephemerally', () => {
    const outcome = parseDiscordInteraction(
      signed({
        id: '900',
        application_id: '2',
        type: 2,
        channel_id: '30',
        guild_id: '40',
        member: { user: { id: '50', username: 'ann' } },
        data: {
          name: 'ticket',
          options: [{ name: 'open', type: 1, options: [{ name: 'topic', type: 3, value: 'billing' }] }],
        },
      }),
      options,
    );
    expect(outcome.messages).toMatchObject([
      {
        provider: 'discord-main',
        providerMessageId: 'interaction:900',
        channel: 'discord',
        from: 'discord:50',
        to: 'discord:2',
        body: '/ticket open topic:billing',
        content: {
          platform: 'discord',
          channelId: '30',
          guildId: '40',
          interaction: { type: 'command', name: 'ticket' },
        },
      },
    ]);
    expect(JSON.parse(outcome.reply!.body)).toEqual({ type: 4, data: { content: 'Got it', flags: 64 } });
  });

  it('turns a button click into a message acknowledged with a deferred update', () => {
    const outcome = parseDiscordInteraction(
      signed({
        id: '901',
        application_id: '2',
        type: 3,
        channel_id: '30',
        user: { id: '51' },
        data: { custom_id: 'resolve' },
      }),
      options,
    );
    expect(outcome.messages).toMatchObject([{ from: 'discord:51', body: 'resolve' }]);
    expect(JSON.parse(outcome.reply!.body)).toEqual({ type: 6 });
  });
});
