import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    level: options.level,
    name: options.name ?? 'iris',
    // Secrets must never reach the log, whatever a caller passes in.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.secret', '*.token'],
  });
}
