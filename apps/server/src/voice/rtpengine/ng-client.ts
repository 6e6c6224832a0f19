import type { z } from 'zod';
import type { BencodeDict, BencodeValue } from './bencode.js';
import { createHostSelector, formatNgHost, type HostStrategy, type NgHost, parseNgHost } from './ng-hosts.js';
import {
  type DeleteOptions,
  type NgCallRequest,
  type ParticipantSelector,
  type PlayDtmfOptions,
  type PlayMediaOptions,
  type QueryOptions,
  type StartRecordingOptions,
  type StopRecordingOptions,
  toDeleteRequest,
  toPlayDtmfRequest,
  toPlayMediaRequest,
  toQueryRequest,
  toSelectorRequest,
  toStartRecordingRequest,
  toStopRecordingRequest,
} from './ng-media-options.js';
import {
  AckSchema,
  type DeleteResult,
  DeleteResultSchema,
  ListResultSchema,
  type NgAck,
  type PlayMediaResult,
  PlayMediaResultSchema,
  type QueryResult,
  QueryResultSchema,
  type SdpResult,
  SdpResultSchema,
  type StatisticsResult,
  StatisticsResultSchema,
  type StopMediaResult,
  StopMediaResultSchema,
} from './ng-results.js';
import { type AnswerOptions, type OfferOptions, toSdpRequest } from './ng-sdp-options.js';
import { createNgTransport, type NgTransportOptions } from './ng-transport.js';
import { RtpengineError } from './rtpengine-error.js';

export type NgClientOptions = NgTransportOptions & {
  /** ng endpoints, as objects or `host:port` strings. */
  hosts: readonly (NgHost | string)[];
  strategy?: HostStrategy;
};

/** Typed client for rtpengine's ng control protocol over UDP. */
export type NgClient = {
  readonly hosts: readonly NgHost[];
  /** Pings one host (the first when none is given); rejects with RtpengineError. */
  ping(host?: NgHost): Promise<void>;
  offer(options: OfferOptions): Promise<SdpResult>;
  answer(options: AnswerOptions): Promise<SdpResult>;
  delete(options: DeleteOptions): Promise<DeleteResult>;
  query(options: QueryOptions): Promise<QueryResult>;
  list(options?: { limit?: number; host?: NgHost }): Promise<string[]>;
  playMedia(options: PlayMediaOptions): Promise<PlayMediaResult>;
  stopMedia(selector: ParticipantSelector): Promise<StopMediaResult>;
  playDtmf(options: PlayDtmfOptions): Promise<NgAck>;
  blockMedia(selector: ParticipantSelector): Promise<NgAck>;
  unblockMedia(selector: ParticipantSelector): Promise<NgAck>;
  silenceMedia(selector: ParticipantSelector): Promise<NgAck>;
  unsilenceMedia(selector: ParticipantSelector): Promise<NgAck>;
  startRecording(options: StartRecordingOptions): Promise<NgAck>;
  stopRecording(options: StopRecordingOptions): Promise<NgAck>;
  statistics(host?: NgHost): Promise<StatisticsResult>;
  close(): Promise<void>;
};

type Request = Record<string, BencodeValue | undefined>;

export function createNgClient(options: NgClientOptions): NgClient {
  const hosts = options.hosts.map((host) => (typeof host === 'string' ? parseNgHost(host) : host));
  const selector = createHostSelector(hosts, options.strategy ?? 'call-id-hash');
  const transport = createNgTransport(options);
  const firstHost = selector.hosts[0] as NgHost;

  async function send<S extends z.ZodType>(
    host: NgHost,
    command: string,
    body: Request,
    schema: S,
  ): Promise<z.output<S>> {
    const dict: BencodeDict = await transport.request(host, command, body);
    const parsed = schema.safeParse(dict);
    if (!parsed.success) {
      throw new RtpengineError({
        code: 'bad_response',
        command,
        host: formatNgHost(host),
        message: `unexpected response shape: ${parsed.error.message}`,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  const forCall = <S extends z.ZodType>(command: string, body: NgCallRequest, schema: S) =>
    send(selector.forCall(body['call-id'], false), command, body, schema);

  const mediaCommand = (command: string) => (target: ParticipantSelector) =>
    forCall(command, toSelectorRequest(target), AckSchema);

  return {
    hosts: selector.hosts,
    async ping(host = firstHost) {
      await send(host, 'ping', {}, AckSchema);
    },
    offer: (offer) =>
      send(selector.forCall(offer.callId, true), 'offer', toSdpRequest(offer), SdpResultSchema),
    answer: (answer) => forCall('answer', toSdpRequest(answer), SdpResultSchema),
    async delete(target) {
      const result = await forCall('delete', toDeleteRequest(target), DeleteResultSchema);
      selector.forget(target.callId);
      return result;
    },
    query: (target) => forCall('query', toQueryRequest(target), QueryResultSchema),
    list: (listOptions = {}) =>
      send(listOptions.host ?? firstHost, 'list', { limit: listOptions.limit }, ListResultSchema),
    playMedia: (play) => forCall('play media', toPlayMediaRequest(play), PlayMediaResultSchema),
    stopMedia: (target) => forCall('stop media', toSelectorRequest(target), StopMediaResultSchema),
    playDtmf: (play) => forCall('play DTMF', toPlayDtmfRequest(play), AckSchema),
    blockMedia: mediaCommand('block media'),
    unblockMedia: mediaCommand('unblock media'),
    silenceMedia: mediaCommand('silence media'),
    unsilenceMedia: mediaCommand('unsilence media'),
    startRecording: (target) => forCall('start recording', toStartRecordingRequest(target), AckSchema),
    stopRecording: (target) => forCall('stop recording', toStopRecordingRequest(target), AckSchema),
    statistics: (host = firstHost) => send(host, 'statistics', {}, StatisticsResultSchema),
    close: () => transport.close(),
  };
}
