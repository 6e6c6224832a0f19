import { createStreamTransport } from './stream-transport';
import type { MessageSink, Transport, TransportConfig } from './types';
import { createUdpTransport } from './udp-transport';
import { createWsTransport } from './ws-transport';

export function createTransport(config: TransportConfig, sink: MessageSink): Promise<Transport> {
  if ((config.protocol === 'tls' || config.protocol === 'wss') && (!config.tls?.key || !config.tls.cert)) {
    return Promise.reject(new Error(`${config.protocol} listener needs tls.key and tls.cert`));
  }
  switch (config.protocol) {
    case 'udp':
      return createUdpTransport(config, sink);
    case 'tcp':
    case 'tls':
      return createStreamTransport(config, sink);
    case 'ws':
    case 'wss':
      return createWsTransport(config, sink);
  }
}
