import { z } from 'zod';
import type { Clock } from '../clock/clock';
import type { ParseMode } from '../parser/types';
import type { TimerConfig } from '../transaction/types';
import type { TransportConfig } from '../transport/types';

const pem = z.union([z.string(), z.instanceof(Buffer)]);

export const TransportConfigSchema = z.object({
  protocol: z.enum(['udp', 'tcp', 'tls', 'ws', 'wss']),
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  tls: z
    .object({
      key: pem.optional(),
      cert: pem.optional(),
      ca: z.union([pem, z.array(pem)]).optional(),
      rejectUnauthorized: z.boolean().optional(),
    })
    .optional(),
  /** Address to put in Via and Contact when it differs from the bound one (NAT, 0.0.0.0 binds). */
  advertise: z
    .object({ host: z.string().min(1), port: z.number().int().min(1).max(65535).optional() })
    .optional(),
});

export const SipStackOptionsSchema = z.object({
  transports: z.array(TransportConfigSchema).min(1),
  timers: z
    .object({ t1: z.number().positive(), t2: z.number().positive(), t4: z.number().positive() })
    .partial()
    .optional(),
  parseMode: z.enum(['strict', 'lenient']).optional(),
  userAgent: z.string().optional(),
  supported: z.array(z.string().min(1)).optional(),
});

export type StackTransportConfig = TransportConfig & { advertise?: { host: string; port?: number } };

/** pino-compatible: object first, message second. */
export type SipLogger = {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
};

export type SipStackOptions = {
  transports: StackTransportConfig[];
  /** Time source for all protocol timers (defaults to the system clock). */
  clock?: Clock;
  logger?: SipLogger;
  /** Overrides of T1/T2/T4 (defaults 500/4000/5000 ms). */
  timers?: Partial<TimerConfig>;
  /** Parser strictness for received messages (default strict: RFC 4475 invalid messages get 400). */
  parseMode?: ParseMode;
  /** Sent as User-Agent in requests and Server in responses. */
  userAgent?: string;
  /** Option tags the application implements; a Require naming any other gets 420 (RFC 3261 §8.2.2.3). */
  supported?: string[];
};

export const silentLogger: SipLogger = { debug: () => {}, warn: () => {} };
