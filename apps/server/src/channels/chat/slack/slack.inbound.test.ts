import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RawWebhook } from '../../channel';
import { parseSlackWebhook, verifySlackSignature } from './slack.inbound';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

function signed(body: string, options: { at?: number; secret?: string; type?: string } = {}): RawWebhook {
  const timestamp = String(Math.floor((options.at ?? Date.now()) / 1000));
  const signature = createHmac('sha256', options.secret ?? SECRET)
    .update(`v0:${timestamp}:${body}`)
    .digest('hex');
  return {
    url: 'http://iris.test/v1/social/webhook/slack',
    headers: new Headers({
      'content-type': options.type ?? 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${signature}`,
    }),
    body,
  };
}

const envelope = (event: Record<string, unknown>) =>
  JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'Ev1', event_time: 1, event });

describe('slack v0 signatures', () => {
  const body = envelope({ type: 'message', user: 'U1', text: 'hi', channel: 'D1', ts: '1700000000.000100' });

  it('accepts a request signed with the signing secret', () => {
    expect(() => verifySlackSignature(signed(body), SECRET)).not.toThrow();
  });

  it('refuses another secret, a changed body, and a missing signature', () => {
    expect(() => verifySlackSignature(signed(body, { secret: 'other' }), SECRET)).toThrow(/does not verify/);
    const tampered = { ...signed(body), body: body.replace('hi', 'ho') };
    expect(() => verifySlackSignature(tampered, SECRET)).toThrow(/does not verify/);
    const bare = { ...signed(body), headers: new Headers({ 'content-type': 'application/json' }) };
    expect(() => verifySlackSignature(bare, SECRET)).toThrow(/unsigned/);
  });

  it('refuses a timestamp more than five minutes old (or ahead), even when correctly signed', () => {
    expect(() => verifySlackSignature(signed(body, { at: Date.now() - 5 * 60_000 - 2000 }), SECRET)).toThrow(
      /five-minute/,
    );
    expect(() => verifySlackSignature(signed(body, { at: Date.now() + 6 * 60_000 }), SECRET)).toThrow(
      /five-minute/,
    );
    expect(() => verifySlackSignature(signed(body, { at: Date.now() - 4 * 60_000 }), SECRET)).not.toThrow();
  });
});

describe('slack webhook parsing', () => {
  it('echoes the url_verification challenge as JSON', () => {
    const outcome = parseSlackWebhook(
      signed(JSON.stringify({ type: 'url_verification', challenge: 'abc123', token: 't' })),
      'slack-main',
    );
    expect(outcome.messages).toEqual([]);
    expect(JSON.parse(outcome.reply!.body)).toEqual({ challenge: 'abc123' });
  });

  it('normalizes a message event: sender slack:<team>:<user>, to the workspace, id channel:ts', () => {
    const outcome = parseSlackWebhook(
      signed(
        envelope({
          type: 'message',
          user: 'U1',
          text: 'hello',
          channel: 'C1',
          channel_type: 'channel',
          ts: '1700000000.000100',
          thread_ts: '1700000000.000001',
          files: [
            {
              id: 'F1',
              name: 'a.png',
              mimetype: 'image/png',
              url_private: 'https://files.slack.com/F1/a.png',
            },
          ],
          subtype: 'file_share',
        }),
      ),
      'slack-main',
    );
    expect(outcome.messages).toEqual([
      {
        provider: 'slack-main',
        providerMessageId: 'C1:1700000000.000100',
        channel: 'slack',
        from: 'slack:T1:U1',
        to: 'slack:T1',
        body: 'hello',
        media: ['https://files.slack.com/F1/a.png'],
        content: {
          platform: 'slack',
          team: 'T1',
          channel: 'C1',
          channelType: 'channel',
          ts: '1700000000.000100',
          threadTs: '1700000000.000001',
          eventId: 'Ev1',
          files: [{ id: 'F1', name: 'a.png', mimetype: 'image/png' }],
        },
        receivedAt: new Date(1_700_000_000_000.1),
      },
    ]);
  });

  it("ignores the bot's own posts, edits and non-message events", () => {
    for (const event of [
      { type: 'message', bot_id: 'B1', text: 'echo', channel: 'C1', ts: '1.1' },
      { type: 'message', subtype: 'message_changed', channel: 'C1', ts: '1.2' },
      { type: 'reaction_added', user: 'U1', reaction: 'thumbsup' },
    ])
      expect(parseSlackWebhook(signed(envelope(event)), 'slack-main').messages).toEqual([]);
  });

  it('turns a block_actions interaction into an inbound message with the action', () => {
    const payload = {
      type: 'block_actions',
      team: { id: 'T1' },
      user: { id: 'U1' },
      trigger_id: '123.456',
      channel: { id: 'C1' },
      container: { message_ts: '1.5' },
      actions: [{ type: 'button', action_id: 'approve', block_id: 'b', value: 'yes', action_ts: '2.0' }],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const outcome = parseSlackWebhook(
      signed(body, { type: 'application/x-www-form-urlencoded' }),
      'slack-main',
    );
    expect(outcome.reply).toEqual({ status: 200, contentType: 'text/plain', body: '' });
    expect(outcome.messages).toMatchObject([
      {
        providerMessageId: 'interaction:123.456',
        from: 'slack:T1:U1',
        to: 'slack:T1',
        body: 'yes',
        content: { channel: 'C1', interaction: { type: 'block_actions', actionId: 'approve', value: 'yes' } },
      },
    ]);
  });

  it('turns a slash command into an inbound message', () => {
    const body = new URLSearchParams({
      command: '/support',
      text: 'my printer is on fire',
      team_id: 'T1',
      user_id: 'U2',
      channel_id: 'C9',
      trigger_id: '9.9',
    }).toString();
    const outcome = parseSlackWebhook(
      signed(body, { type: 'application/x-www-form-urlencoded' }),
      'slack-main',
    );
    expect(outcome.messages).toMatchObject([
      { from: 'slack:T1:U2', body: '/support my printer is on fire', providerMessageId: 'command:9.9' },
    ]);
  });
});
