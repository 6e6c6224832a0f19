import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeG711, encodeG711 } from '../audio/g711';
import { createRtpPacketizer } from '../audio/rtp-packetizer';
import { bridgeLegs, g711Of } from './bridge-legs';
import { type MediaSink, openMediaSink } from './media-sink';

/** Two UDP sockets stand in for rtpengine's ports facing the sink (one per leg), on loopback. */
describe('bridgeLegs', () => {
  let sink: MediaSink;
  const sockets: Socket[] = [];
  const received = new Map<Socket, Buffer[]>();
  const open = async () => {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    received.set(socket, []);
    socket.on('message', (packet) => received.get(socket)!.push(packet));
    sockets.push(socket);
    return socket;
  };
  const packetsAt = (socket: Socket, count: number) =>
    new Promise<Buffer[]>((resolve) => {
      const check = () => {
        if (received.get(socket)!.length < count) return;
        socket.off('message', check);
        resolve(received.get(socket)!);
      };
      socket.on('message', check);
      check();
    });
  beforeAll(async () => {
    sink = await openMediaSink('127.0.0.1');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await sink.close();
  });

  it('reads the G.711 law a far end takes from its SDP', () => {
    expect(g711Of('v=0\r\nm=audio 4000 RTP/AVP 8 101\r\n')).toBe(8);
    expect(g711Of('v=0\r\nm=audio 4000 RTP/AVP 101 0 8\r\n')).toBe(0);
    expect(g711Of('v=0\r\nm=audio 4000 RTP/AVP 9 101\r\n')).toBeUndefined();
    expect(g711Of(undefined)).toBeUndefined();
  });

  it('forwards frames both ways in its own RTP stream, transcoding PCMA ↔ PCMU', async () => {
    const [a, b] = [await open(), await open()];
    const bridge = bridgeLegs(
      sink,
      { port: a.address().port, payloadType: 8 },
      { port: b.address().port, payloadType: 0 },
    );
    const tone = Int16Array.from({ length: 160 }, (_, i) =>
      Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)),
    );
    const fromA = createRtpPacketizer();
    const fromB = createRtpPacketizer();
    for (let i = 0; i < 5; i += 1) {
      a.send(fromA.packet(8, encodeG711(8, tone)!, 160), sink.port, '127.0.0.1');
      b.send(fromB.packet(0, encodeG711(0, tone)!, 160), sink.port, '127.0.0.1');
      // a telephone-event is not audio: never forwarded
      a.send(fromA.packet(101, Buffer.from([1, 0, 0, 160]), 0), sink.port, '127.0.0.1');
    }
    const [atB, atA] = await Promise.all([packetsAt(b, 5), packetsAt(a, 5)]);
    for (const [packets, law] of [
      [atB, 0],
      [atA, 8],
    ] as const) {
      expect(packets.map((p) => p[1]! & 0x7f)).toEqual([law, law, law, law, law]);
      expect(new Set(packets.map((p) => p.readUInt32BE(8))).size).toBe(1); // one SSRC
      const sequences = packets.map((p) => p.readUInt16BE(2));
      expect(sequences.map((s) => (s - sequences[0]! + 0x10000) & 0xffff)).toEqual([0, 1, 2, 3, 4]);
      const samples = decodeG711(law, packets[0]!.subarray(12))!;
      // Two quantizations (one per law) stay within a few percent of the tone's amplitude.
      const worst = Math.max(...samples.map((s, i) => Math.abs(s - tone[i]!)));
      expect(worst).toBeLessThan(400);
    }
    expect(bridge.forwarded()).toEqual({ aToB: 5, bToA: 5 });
    // Stopped: A's next frame reaches the sink (a listener of our own sees it) and goes nowhere.
    bridge.stop();
    const seen = new Promise<void>((resolve) => sink.listen(a.address().port, () => resolve()));
    a.send(fromA.packet(8, encodeG711(8, tone)!, 160), sink.port, '127.0.0.1');
    await seen;
    expect(bridge.forwarded()).toEqual({ aToB: 5, bToA: 5 });
  });
});
