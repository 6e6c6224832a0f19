import { z } from 'zod';

/**
 * Zod schemas for rtpengine's ng responses (the edge), turned into camelCase
 * results so that nothing past the client sees rtpengine's key names.
 */

// Counters can outgrow 2^53 only in theory; bencode hands those back as bigint.
const count = z.union([z.number(), z.bigint().transform(Number)]);
const warning = z.string().optional();

export const AckSchema = z.looseObject({ warning }).transform((r) => ({ warning: r.warning }));
export type NgAck = z.infer<typeof AckSchema>;

export const SdpResultSchema = z
  .looseObject({ sdp: z.string(), warning })
  .transform((r) => ({ sdp: r.sdp, warning: r.warning }));
export type SdpResult = z.infer<typeof SdpResultSchema>;

export const ListResultSchema = z
  .looseObject({ calls: z.array(z.string()).default([]) })
  .transform((r) => r.calls);

export const PlayMediaResultSchema = z
  .looseObject({ duration: count.optional(), warning })
  .transform((r) => ({ durationMs: r.duration, warning: r.warning }));
export type PlayMediaResult = z.infer<typeof PlayMediaResultSchema>;

/** rtpengine 10.5 leaves `last-frame-pos` out; newer versions send it. */
export const StopMediaResultSchema = z
  .looseObject({ 'last-frame-pos': count.optional(), warning })
  .transform((r) => ({ lastFramePos: r['last-frame-pos'], warning: r.warning }));
export type StopMediaResult = z.infer<typeof StopMediaResultSchema>;

const PacketStatsSchema = z.looseObject({ packets: count, bytes: count, errors: count }).transform((s) => ({
  packets: s.packets,
  bytes: s.bytes,
  errors: s.errors,
}));
export type PacketStats = z.infer<typeof PacketStatsSchema>;

// rtpengine sends `{}` for an endpoint it has not learned yet (e.g. before the answer).
const EndpointSchema = z
  .looseObject({ address: z.string().optional(), port: count.optional() })
  .transform((e) =>
    e.address !== undefined && e.port !== undefined ? { address: e.address, port: e.port } : undefined,
  );

const StreamSchema = z
  .looseObject({
    'local port': count.optional(),
    'local address': z.string().optional(),
    endpoint: EndpointSchema.optional(),
    'advertised endpoint': EndpointSchema.optional(),
    'crypto suite': z.string().optional(),
    'last packet': count.optional(),
    flags: z.array(z.string()).default([]),
    stats: PacketStatsSchema,
  })
  .transform((s) => ({
    localPort: s['local port'],
    localAddress: s['local address'],
    endpoint: s.endpoint,
    advertisedEndpoint: s['advertised endpoint'],
    cryptoSuite: s['crypto suite'],
    lastPacketAt: s['last packet'],
    /** e.g. RTP, RTCP, filled, confirmed, kernelized. */
    flags: s.flags,
    /** Packets rtpengine received on this local port. */
    stats: s.stats,
  }));

const MediaSchema = z
  .looseObject({
    index: count,
    type: z.string(),
    protocol: z.string().optional(),
    codec: z.string().optional(),
    flags: z.array(z.string()).default([]),
    streams: z.array(StreamSchema).default([]),
  })
  .transform((m) => ({
    index: m.index,
    type: m.type,
    protocol: m.protocol,
    codec: m.codec,
    /** e.g. initialized, send, recv, ICE, DTLS-SRTP, transcoding. */
    flags: m.flags,
    streams: m.streams,
  }));

const TagSchema = z
  .looseObject({
    tag: z.string(),
    label: z.string().optional(),
    created: count.optional(),
    'in dialogue with': z.string().optional(),
    medias: z.array(MediaSchema).default([]),
  })
  .transform((t) => ({
    tag: t.tag,
    label: t.label,
    createdAt: t.created,
    inDialogueWith: t['in dialogue with'],
    medias: t.medias,
  }));

export const QueryResultSchema = z
  .looseObject({
    created: count,
    'last signal': count.optional(),
    tags: z.record(z.string(), TagSchema).default({}),
    totals: z.looseObject({ RTP: PacketStatsSchema, RTCP: PacketStatsSchema }),
  })
  .transform((q) => ({
    /** Unix seconds. */
    createdAt: q.created,
    lastSignalAt: q['last signal'],
    tags: q.tags,
    totals: { rtp: q.totals.RTP, rtcp: q.totals.RTCP },
  }));
export type QueryResult = z.infer<typeof QueryResultSchema>;
export type DeleteResult = NgAck & { totals?: QueryResult['totals'] };

export const DeleteResultSchema = z
  .looseObject({
    warning,
    totals: z.looseObject({ RTP: PacketStatsSchema, RTCP: PacketStatsSchema }).optional(),
  })
  .transform(
    (d): DeleteResult => ({
      warning: d.warning,
      totals: d.totals && { rtp: d.totals.RTP, rtcp: d.totals.RTCP },
    }),
  );

const numberish = z.union([count, z.string().transform(Number)]).optional();

export const StatisticsResultSchema = z
  .looseObject({
    statistics: z.looseObject({
      currentstatistics: z.looseObject({
        sessionsown: numberish,
        sessionsforeign: numberish,
        sessionstotal: numberish,
        transcodedmedia: numberish,
        packetrate: numberish,
        byterate: numberish,
        errorrate: numberish,
      }),
      totalstatistics: z.looseObject({
        uptime: numberish,
        managedsessions: numberish,
        rejectedsessions: numberish,
        timeoutsessions: numberish,
        relayedpackets: numberish,
        relayedbytes: numberish,
        relayedpacketerrors: numberish,
      }),
    }),
  })
  .transform(({ statistics: { currentstatistics: now, totalstatistics: total } }) => ({
    current: {
      ownSessions: now.sessionsown ?? 0,
      foreignSessions: now.sessionsforeign ?? 0,
      totalSessions: now.sessionstotal ?? 0,
      transcodedMedia: now.transcodedmedia ?? 0,
      packetsPerSecond: now.packetrate ?? 0,
      bytesPerSecond: now.byterate ?? 0,
      errorsPerSecond: now.errorrate ?? 0,
    },
    total: {
      uptimeSec: total.uptime ?? 0,
      managedSessions: total.managedsessions ?? 0,
      rejectedSessions: total.rejectedsessions ?? 0,
      timedOutSessions: total.timeoutsessions ?? 0,
      relayedPackets: total.relayedpackets ?? 0,
      relayedBytes: total.relayedbytes ?? 0,
      relayedPacketErrors: total.relayedpacketerrors ?? 0,
    },
  }));
export type StatisticsResult = z.infer<typeof StatisticsResultSchema>;
