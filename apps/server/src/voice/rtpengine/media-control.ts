import { type DtmfListener, listenForDtmfEvents } from './dtmf-events.js';
import { createNgClient, type NgClient } from './ng-client.js';
import { formatNgHost, type HostStrategy, type NgHost } from './ng-hosts.js';
import type { NgTransportOptions } from './ng-transport.js';
import type { RtpengineLogger } from './rtpengine-process.js';

/** What the voice role drives media with, whether rtpengine is ours or external. */
export type MediaControl = {
  status: 'ready';
  /** `local`: a child process we supervise; `external`: configured hosts. */
  mode: 'local' | 'external';
  ng: NgClient;
  dtmf: DtmfListener;
  /** Closes the client and the DTMF listener (and stops a local rtpengine). */
  stop(): Promise<void>;
};

/** No media engine: the voice role then runs signalling only. */
export type MediaUnavailable = { status: 'unavailable'; reason: string };

export type ConnectRtpengineOptions = NgTransportOptions & {
  hosts: readonly (NgHost | string)[];
  strategy?: HostStrategy;
  /**
   * Where DTMF reports arrive. Each external rtpengine must send there: start it
   * with `--dtmf-log-dest=<this address:port>`, or pass `dtmfLogDest` on offers.
   */
  dtmfListen?: { address: string; port?: number };
  logger: RtpengineLogger;
};

/** Uses rtpengine hosts run by someone else; unreachable ones are reported, not fatal. */
export async function connectRtpengine(options: ConnectRtpengineOptions): Promise<MediaControl> {
  const ng = createNgClient(options);
  const dtmf = await listenForDtmfEvents(options.dtmfListen ?? { address: '127.0.0.1' });
  const pings = await Promise.allSettled(ng.hosts.map((host) => ng.ping(host)));
  pings.forEach((ping, index) => {
    const host = formatNgHost(ng.hosts[index] as NgHost);
    if (ping.status === 'rejected') {
      options.logger.warn({ host, err: ping.reason }, 'rtpengine: host does not answer ping yet');
    } else {
      options.logger.info({ host }, 'rtpengine: host answers');
    }
  });
  return {
    status: 'ready',
    mode: 'external',
    ng,
    dtmf,
    async stop() {
      await Promise.all([ng.close(), dtmf.close()]);
    },
  };
}
