import { describe, expect, it } from 'vitest';
import { getAudioTarget, parseSdp, serializeSdp, summarizeMedia } from './sdp';

const offer = [
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 198.51.100.1',
  's=-',
  'c=IN IP4 198.51.100.1',
  't=0 0',
  'm=audio 49170 RTP/AVP 0 8 111 101',
  'a=rtpmap:111 opus/48000/2',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=sendrecv',
  'm=video 51372 RTP/AVP 31',
  'c=IN IP4 198.51.100.2',
  'a=rtpmap:31 H261/90000',
  'a=recvonly',
  '',
].join('\r\n');

describe('SDP helpers', () => {
  it('summarizes media with addresses, directions and codecs (static payloads included)', () => {
    const [audio, video] = summarizeMedia(parseSdp(offer));
    expect(audio).toMatchObject({
      type: 'audio',
      port: 49170,
      address: '198.51.100.1',
      direction: 'sendrecv',
    });
    expect(audio?.codecs).toEqual([
      { payload: 0, name: 'PCMU', clockRate: 8000 },
      { payload: 8, name: 'PCMA', clockRate: 8000 },
      { payload: 111, name: 'opus', clockRate: 48000, channels: 2, fmtp: 'minptime=10;useinbandfec=1' },
      { payload: 101, name: 'telephone-event', clockRate: 8000, fmtp: '0-16' },
    ]);
    expect(video).toMatchObject({
      address: '198.51.100.2',
      direction: 'recvonly',
      codecs: [{ name: 'H261' }],
    });
  });

  it('finds the audio target and round-trips through serialize', () => {
    const session = parseSdp(Buffer.from(offer));
    expect(getAudioTarget(session)).toEqual({ address: '198.51.100.1', port: 49170 });
    expect(parseSdp(serializeSdp(session))).toEqual(session);
  });
});
