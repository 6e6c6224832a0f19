import { createSocket, type Socket } from 'node:dgram';

/**
 * The media end IRIS itself stands at when a leg talks to IRIS (verbs) rather than to another party.
 * rtpengine needs an SDP for that side of the call; it points here, and the callee's audio that
 * rtpengine forwards is counted and dropped. Prompts and recordings are rtpengine's job, not ours.
 */
export type MediaSink = {
  host: string;
  port: number;
  packets(): number;
  /** Listens to RTP arriving from one rtpengine port (one call's leg); returns the unsubscribe. */
  listen(sourcePort: number, listener: (payloadType: number, payload: Buffer) => void): () => void;
  /**
   * Sends an RTP packet to one rtpengine port (a leg): rtpengine relays it to that leg's far end.
   * rtpengine runs beside the sink (same address) unless `host` says otherwise.
   */
  send(port: number, packet: Buffer, host?: string): void;
  close(): Promise<void>;
};

export async function openMediaSink(host: string): Promise<MediaSink> {
  const socket: Socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  let packets = 0;
  const listeners = new Map<number, (payloadType: number, payload: Buffer) => void>();
  socket.on('message', (packet, from) => {
    packets += 1;
    const listener = listeners.get(from.port);
    if (!listener || packet.length < 12 || packet[0]! >> 6 !== 2) return;
    let offset = 12 + 4 * (packet[0]! & 0x0f);
    // RFC 3550 §5.3.1 header extension: 4 bytes, then its length in 32-bit words.
    if (packet[0]! & 0x10 && packet.length >= offset + 4) offset += 4 + 4 * packet.readUInt16BE(offset + 2);
    listener(packet[1]! & 0x7f, packet.subarray(offset));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  return {
    host,
    port: socket.address().port,
    packets: () => packets,
    listen(sourcePort, listener) {
      listeners.set(sourcePort, listener);
      return () => listeners.delete(sourcePort);
    },
    send(port, packet, to = host) {
      socket.send(packet, port, to);
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** The audio port of an SDP (the first m=audio line). */
export const audioPortOf = (sdp: string) => Number(/^m=audio (\d+)/m.exec(sdp)?.[1] ?? 0);

/** G.711 both laws and RFC 4733 DTMF: what every carrier preset speaks. */
export function sinkSdp(sink: { host: string; port: number }, sessionId: number): string {
  const family = sink.host.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=iris ${sessionId} 1 IN ${family} ${sink.host}`,
    's=iris',
    `c=IN ${family} ${sink.host}`,
    't=0 0',
    `m=audio ${sink.port} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=sendrecv',
    '',
  ].join('\r\n');
}
