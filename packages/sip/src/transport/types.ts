export type TransportProtocol = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

export type HostPort = { host: string; port: number };
export type Endpoint = HostPort & { protocol: TransportProtocol };

export type TlsOptions = {
  /** PEM private key and certificate chain for listening (required for tls/wss listeners). */
  key?: string | Buffer;
  cert?: string | Buffer;
  /** Trusted CAs for outgoing connections; defaults to Node's store. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Verify peers' certificates on outgoing connections (default true). */
  rejectUnauthorized?: boolean;
};

export type TransportConfig = {
  protocol: TransportProtocol;
  /** Address to bind; listeners bind to exactly this host and nothing else. */
  host: string;
  /** 0 picks a free port; addresses() reports the real one. */
  port: number;
  tls?: TlsOptions;
};

/** Delivers each received message (one datagram, one framed stream message, one WebSocket message). */
export type MessageSink = (data: Buffer, remote: HostPort, transport: Transport) => void;

export type Transport = {
  readonly protocol: TransportProtocol;
  /** Token for the Via header: UDP, TCP, TLS, WS or WSS. */
  readonly viaTransport: string;
  readonly reliable: boolean;
  address(): HostPort;
  /** Sends one message; stream transports reuse a connection to `remote` or open one. */
  send(data: Buffer, remote: HostPort): Promise<void>;
  /** Whether a connection to `remote` is open (always true for UDP, which has none). */
  hasConnection(remote: HostPort): boolean;
  close(): Promise<void>;
};

export const connectionKey = (remote: HostPort): string =>
  `${remote.host.replace(/^\[|\]$/g, '')}|${remote.port}`;
