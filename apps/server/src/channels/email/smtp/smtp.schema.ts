import { z } from 'zod';

export const DkimKeySchema = z.object({
  /** The signing domain (`d=`); used for From addresses at this domain or below it. */
  domainName: z.string().min(1),
  /** The selector (`s=`): the key is published at `<selector>._domainkey.<domain>`. */
  keySelector: z.string().min(1),
  /** PEM private key (RSA). */
  privateKey: z.string().includes('PRIVATE KEY'),
});
export type DkimKey = z.infer<typeof DkimKeySchema>;

export const SmtpCredentialsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** Implicit TLS from the first byte (port 465). Otherwise STARTTLS is used when offered. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the server offers STARTTLS. */
  requireTLS: z.boolean().default(false),
  /** Never upgrade with STARTTLS (test sinks on loopback only). */
  ignoreTLS: z.boolean().default(false),
  rejectUnauthorized: z.boolean().default(true),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  /** Keys to DKIM-sign with, chosen by the From address's domain. */
  dkimKeys: z.array(DkimKeySchema).default([]),
  connectionTimeoutMs: z.number().int().positive().default(10_000),
});
export type SmtpCredentials = z.infer<typeof SmtpCredentialsSchema>;
