import { createSocket, type Socket } from 'node:dgram';
import { EventEmitter, on } from 'node:events';
import { z } from 'zod';
import { DTMF_DIGITS, type DtmfDigit } from './ng-media-options.js';

/** One finished DTMF digit seen by rtpengine (RFC 4733 event or, with DSP, in-band tone). */
export type DtmfEvent = {
  callId: string;
  /** Tag of the participant that sent the digit. */
  sourceTag: string;
  /** All tags of the call, so a leg can be found even when it is not the source. */
  tags: string[];
  sourceLabel?: string;
  sourceIp: string;
  /** RFC 4733 event code. */
  event: number;
  /** The digit for codes 0–15; null for other events (e.g. 16, flash). */
  digit: DtmfDigit | null;
  durationMs: number;
  /** Power level as an RFC 4733 magnitude: 0 is loudest, 63 quietest (-dBm0). */
  volume: number;
  /** Unix seconds when rtpengine logged it. */
  timestamp: number;
};

/** rtpengine's `--dtmf-log-dest` datagram: one JSON object per digit end. */
const DtmfDatagramSchema = z.looseObject({
  callid: z.string(),
  source_tag: z.string(),
  source_label: z.string().optional(),
  tags: z.array(z.string()).default([]),
  type: z.literal('DTMF'),
  timestamp: z.number(),
  source_ip: z.string(),
  event: z.number().int().min(0),
  duration: z.number(),
  volume: z.number(),
});

export type DtmfListenerEvents = {
  dtmf: [DtmfEvent];
  /** A datagram that was not a DTMF report; kept observable for diagnosis. */
  invalid: [{ datagram: Buffer; from: string; error: Error }];
  close: [];
};

export class DtmfListener extends EventEmitter<DtmfListenerEvents> {
  readonly #socket: Socket;
  readonly #iterators = new Set<AbortController>();
  #closed = false;

  constructor(socket: Socket) {
    super();
    this.#socket = socket;
    // A receive error on a bound UDP socket only concerns that datagram; the
    // socket keeps working, so there is nothing to do but not crash.
    socket.on('error', () => {});
    socket.on('message', (datagram, from) => {
      try {
        this.emit('dtmf', parseDtmfDatagram(datagram));
      } catch (error) {
        this.emit('invalid', { datagram, from: `${from.address}:${from.port}`, error: error as Error });
      }
    });
  }

  get address(): string {
    return this.#socket.address().address;
  }

  get port(): number {
    return this.#socket.address().port;
  }

  /** `host:port` to pass to `--dtmf-log-dest` (or the per-call `dtmfLogDest`). */
  get destination(): string {
    return `${this.address}:${this.port}`;
  }

  /** Iterates events until the listener closes or `signal` aborts. */
  async *events(signal?: AbortSignal): AsyncGenerator<DtmfEvent> {
    const controller = new AbortController();
    this.#iterators.add(controller);
    const combined = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    try {
      if (this.#closed) return;
      for await (const [event] of on(this, 'dtmf', { signal: combined })) yield event as DtmfEvent;
    } catch (error) {
      if (!combined.aborted) throw error;
    } finally {
      this.#iterators.delete(controller);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const controller of this.#iterators) controller.abort();
    await new Promise<void>((done) => this.#socket.close(done));
    this.emit('close');
  }
}

export function parseDtmfDatagram(datagram: Buffer): DtmfEvent {
  const raw = DtmfDatagramSchema.parse(JSON.parse(datagram.toString('utf8')));
  return {
    callId: raw.callid,
    sourceTag: raw.source_tag,
    tags: raw.tags,
    sourceLabel: raw.source_label,
    sourceIp: raw.source_ip,
    event: raw.event,
    digit: DTMF_DIGITS[raw.event] ?? null,
    durationMs: raw.duration,
    volume: raw.volume,
    timestamp: raw.timestamp,
  };
}

/** Binds the UDP socket rtpengine reports DTMF to; port 0 picks a free one. */
export async function listenForDtmfEvents(options: {
  address: string;
  port?: number;
}): Promise<DtmfListener> {
  const socket = createSocket(options.address.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port ?? 0, options.address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return new DtmfListener(socket);
}
