import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DtmfListener, listenForDtmfEvents, parseDtmfDatagram } from './dtmf-events.js';

// Byte for byte what rtpengine 10.5 sends to --dtmf-log-dest for one digit.
const RTPENGINE_DATAGRAM =
  '{"callid":"c1","source_tag":"A","tags":["A","B"],"type":"DTMF","timestamp":1795515966,' +
  '"source_ip":"127.0.0.1","event":7,"duration":80,"volume":10}';

describe('parseDtmfDatagram', () => {
  it('turns rtpengine JSON into a typed event', () => {
    expect(parseDtmfDatagram(Buffer.from(RTPENGINE_DATAGRAM))).toEqual({
      callId: 'c1',
      sourceTag: 'A',
      tags: ['A', 'B'],
      sourceLabel: undefined,
      sourceIp: '127.0.0.1',
      event: 7,
      digit: '7',
      durationMs: 80,
      volume: 10,
      timestamp: 1795515966,
    });
  });

  it('names * # A-D and leaves other events without a digit', () => {
    const withEvent = (event: number) =>
      parseDtmfDatagram(Buffer.from(RTPENGINE_DATAGRAM.replace('"event":7', `"event":${event}`))).digit;
    expect([10, 11, 12, 15, 16].map(withEvent)).toEqual(['*', '#', 'A', 'D', null]);
  });

  it('refuses what is not a DTMF report', () => {
    expect(() => parseDtmfDatagram(Buffer.from('{"type":"other"}'))).toThrow();
    expect(() => parseDtmfDatagram(Buffer.from('not json'))).toThrow();
  });
});

describe('DtmfListener', () => {
  let listener: DtmfListener;
  const sender = createSocket('udp4');

  beforeEach(async () => {
    listener = await listenForDtmfEvents({ address: '127.0.0.1' });
  });
  afterEach(async () => {
    await listener.close();
  });

  const send = (text: string) => sender.send(text, listener.port, '127.0.0.1');

  it('emits typed events for datagrams and `invalid` for junk', async () => {
    expect(listener.destination).toBe(`127.0.0.1:${listener.port}`);
    const invalid = once(listener, 'invalid');
    send('garbage');
    const [report] = (await invalid) as [{ from: string }];
    expect(report.from).toMatch(/^127\.0\.0\.1:\d+$/);

    const dtmf = once(listener, 'dtmf');
    send(RTPENGINE_DATAGRAM);
    const [event] = await dtmf;
    expect(event).toMatchObject({ callId: 'c1', digit: '7' });
  });

  it('ends async iteration when the listener closes', async () => {
    const iterator = listener.events();
    const first = iterator.next();
    send(RTPENGINE_DATAGRAM);
    expect((await first).value).toMatchObject({ callId: 'c1' });
    const second = iterator.next();
    await listener.close();
    expect(await second).toEqual({ done: true, value: undefined });
    expect(await listener.events().next()).toEqual({ done: true, value: undefined });
  });
});
