import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { type BencodeDict, type BencodeValue, decodeBencode, encodeBencode } from './bencode.js';
import { formatNgHost, type NgHost } from './ng-hosts.js';
import { RtpengineError } from './rtpengine-error.js';

export type NgTransportOptions = {
  /** How long to wait for each attempt before resending. */
  attemptTimeoutMs?: number;
  /** Resends after the first attempt; rtpengine answers a resend from its cookie cache. */
  retries?: number;
};

export type NgTransport = {
  /** Sends one command and resolves with the response dict (never with `result: error`). */
  request(
    host: NgHost,
    command: string,
    body: Record<string, BencodeValue | undefined>,
  ): Promise<BencodeDict>;
  close(): Promise<void>;
};

type Pending = {
  command: string;
  host: NgHost;
  resolve: (dict: BencodeDict) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
};

const DEFAULT_ATTEMPT_TIMEOUT_MS = 500;
const DEFAULT_RETRIES = 2;

export function createNgTransport(options: NgTransportOptions = {}): NgTransport {
  const attemptTimeoutMs = options.attemptTimeoutMs ?? DEFAULT_ATTEMPT_TIMEOUT_MS;
  const attempts = 1 + (options.retries ?? DEFAULT_RETRIES);
  // A random prefix keeps cookies unique across our restarts, so rtpengine's
  // retransmission cache never answers a new request with an old response.
  const cookiePrefix = randomBytes(4).toString('hex');
  const pending = new Map<string, Pending>();
  const sockets = new Map<4 | 6, Socket>();
  let sequence = 0;
  let closed = false;

  function socketFor(address: string): Socket {
    const family = isIP(address) === 6 ? 6 : 4;
    const existing = sockets.get(family);
    if (existing) return existing;
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    socket.on('message', onMessage);
    // Send errors reach each request through its send callback; nothing to add here.
    socket.on('error', () => {});
    // An idle client must not keep the process alive; pending timers do while needed.
    socket.unref();
    sockets.set(family, socket);
    return socket;
  }

  function onMessage(message: Buffer): void {
    const space = message.indexOf(0x20);
    if (space <= 0) return;
    const cookie = message.toString('latin1', 0, space);
    const request = pending.get(cookie);
    if (!request) return; // a late answer to a resend we already settled
    pending.delete(cookie);
    clearTimeout(request.timer);
    try {
      request.resolve(checkResponse(request, decodeBencode(message.subarray(space + 1))));
    } catch (error) {
      request.reject(
        error instanceof RtpengineError
          ? error
          : new RtpengineError({
              code: 'bad_response',
              command: request.command,
              host: formatNgHost(request.host),
              message: 'undecodable response',
              cause: error,
            }),
      );
    }
  }

  return {
    request(host, command, body) {
      if (closed) {
        const error = new RtpengineError({
          code: 'closed',
          command,
          host: formatNgHost(host),
          message: 'closed',
        });
        return Promise.reject(error);
      }
      sequence += 1;
      const cookie = `${cookiePrefix}_${sequence}`;
      const payload = Buffer.concat([
        Buffer.from(`${cookie} `, 'latin1'),
        encodeBencode({ ...body, command } as BencodeDict),
      ]);
      const socket = socketFor(host.address);
      return new Promise<BencodeDict>((resolve, reject) => {
        let attempt = 0;
        const fail = (error: RtpengineError) => {
          const request = pending.get(cookie);
          if (!request) return;
          pending.delete(cookie);
          clearTimeout(request.timer);
          reject(error);
        };
        const send = () => {
          attempt += 1;
          socket.send(payload, host.port, host.address, (error) => {
            if (error) {
              fail(
                new RtpengineError({
                  code: 'unreachable',
                  command,
                  host: formatNgHost(host),
                  message: `send failed: ${error.message}`,
                  cause: error,
                }),
              );
            }
          });
          return setTimeout(() => {
            const request = pending.get(cookie);
            if (!request) return;
            if (attempt < attempts) {
              request.timer = send();
              return;
            }
            fail(
              new RtpengineError({
                code: 'timeout',
                command,
                host: formatNgHost(host),
                message: `no answer after ${attempts} attempts of ${attemptTimeoutMs} ms`,
              }),
            );
          }, attemptTimeoutMs);
        };
        pending.set(cookie, { command, host, resolve, reject, timer: send() });
      });
    },
    async close() {
      closed = true;
      for (const [cookie, request] of pending) {
        pending.delete(cookie);
        clearTimeout(request.timer);
        request.reject(
          new RtpengineError({
            code: 'closed',
            command: request.command,
            host: formatNgHost(request.host),
            message: 'client closed before the answer',
          }),
        );
      }
      await Promise.all(
        [...sockets.values()].map((socket) => new Promise<void>((done) => socket.close(done))),
      );
      sockets.clear();
    },
  };
}

function checkResponse(request: Pending, value: BencodeValue): BencodeDict {
  const host = formatNgHost(request.host);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value)) {
    throw new RtpengineError({ code: 'bad_response', command: request.command, host, message: 'not a dict' });
  }
  const dict = value as BencodeDict;
  const result = dict.result;
  if (result === 'error') {
    const reason = typeof dict['error-reason'] === 'string' ? dict['error-reason'] : 'unknown error';
    throw new RtpengineError({ code: 'rejected', command: request.command, host, message: reason, reason });
  }
  if (result === 'load limit') {
    // Only sent when we announce `supports: load limit`; treat it as a refusal.
    const reason = typeof dict.message === 'string' ? dict.message : 'load limit';
    throw new RtpengineError({ code: 'rejected', command: request.command, host, message: reason, reason });
  }
  if (result !== 'ok' && result !== 'pong') {
    throw new RtpengineError({
      code: 'bad_response',
      command: request.command,
      host,
      message: `unexpected result ${JSON.stringify(result)}`,
    });
  }
  return dict;
}
