import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, paths } from './schema';

/** The problem+json body of every IRIS error. */
export type IrisProblem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
};

export type IrisClientOptions = {
  /** e.g. https://iris.example.com */
  baseUrl: string;
  /** An API key (`Authorization: Bearer <key>`) or an access token. */
  token?: string;
  fetch?: typeof fetch;
};

export type IrisClient = Client<paths>;

/** A typed client for the IRIS REST API: paths, bodies and responses come from the OpenAPI document. */
export function createIrisClient(options: IrisClientOptions): IrisClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    headers: options.token ? { authorization: `Bearer ${options.token}` } : {},
    fetch: options.fetch,
  });
}

export { type VerifiedWebhook, verifyWebhook, WebhookVerificationError } from './webhooks';
