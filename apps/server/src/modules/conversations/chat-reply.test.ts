import { describe, expect, it } from 'vitest';
import { chatReply } from './chat-reply';

describe('chatReply', () => {
  it('answers in the chat the message came from, keeping the thread and the Teams connector', () => {
    expect(
      chatReply('slack', {
        from: 'slack:T1:U1',
        content: { channel: 'D123', threadTs: '1503435956.000247' },
      }),
    ).toEqual({ to: 'D123', content: { threadTs: '1503435956.000247' } });
    expect(chatReply('discord', { from: 'discord:42', content: { channelId: '9001' } })).toEqual({
      to: '9001',
    });
    expect(chatReply('telegram', { from: 'telegram:77', content: { chatId: 77, threadId: 5 } })).toEqual({
      to: '77',
      content: { threadId: 5 },
    });
    expect(
      chatReply('teams', {
        from: 'teams:aad-1',
        content: { conversationId: 'a:1x', serviceUrl: 'https://smba.trafficmanager.net/emea/' },
      }),
    ).toEqual({ to: 'a:1x', content: { serviceUrl: 'https://smba.trafficmanager.net/emea/' } });
  });

  it('falls back to the sender address when the channel kept nothing (the device simulator)', () => {
    expect(chatReply('slack', { from: 'slack:T1:U1', content: {} })).toEqual({ to: 'slack:T1:U1' });
    expect(chatReply('sms', { from: '+14155550100', content: { channel: 'ignored' } })).toEqual({
      to: '+14155550100',
    });
  });
});
