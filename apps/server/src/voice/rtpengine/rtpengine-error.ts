/**
 * Why an ng request failed:
 * - `rejected`: rtpengine answered `result: error` (its `error-reason` is the message);
 * - `timeout`: no answer after every retry (host down, wrong port, packet loss);
 * - `unreachable`: the request could not even be sent (unknown host name, no route);
 * - `bad_response`: an answer we could not decode or that lacks what the command returns;
 * - `closed`: the client was closed while the request was in flight.
 */
export type RtpengineErrorCode = 'rejected' | 'timeout' | 'unreachable' | 'bad_response' | 'closed';

export class RtpengineError extends Error {
  readonly code: RtpengineErrorCode;
  readonly command: string;
  readonly host: string;
  /** rtpengine's own `error-reason`, for `rejected`. */
  readonly reason?: string;

  constructor(options: {
    code: RtpengineErrorCode;
    command: string;
    host: string;
    message: string;
    reason?: string;
    cause?: unknown;
  }) {
    super(`rtpengine ${options.host} "${options.command}": ${options.message}`, { cause: options.cause });
    this.name = 'RtpengineError';
    this.code = options.code;
    this.command = options.command;
    this.host = options.host;
    this.reason = options.reason;
  }
}
