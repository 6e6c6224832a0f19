import { webhookHeaders } from '../../modules/webhooks/webhook-signature';
import { newId } from '../../platform/db/ids';
import { type GuardedResponse, guardedFetch } from '../../platform/http/guarded-fetch';
import { parseVerbDocument, VerbDocumentError } from '../verbs/parse-verbs';
import type { Verb } from '../verbs/verb-schema';
import { twilioSignature } from './twilio-signature';

/** Twilio waits 15 s for a document; a call left in silence that long is already a bad call. */
export const VERB_FETCH_TIMEOUT_MS = 10_000;

export class VerbFetchError extends Error {}

export type FetchVerbsOptions = {
  url: string;
  method: 'GET' | 'POST';
  /** Twilio's request parameters (CallSid, From, To, CallStatus, Digits, …). */
  params: Record<string, string>;
  /** The tenant's callback secrets: Standard Webhooks signature, and the first one keys X-Twilio-Signature. */
  secrets: string[];
  timeoutMs?: number;
  /** Also send `X-Twilio-Signature` (the tenant's voice setting `twilioSignature`, default on). */
  twilioSignature: boolean;
  /** Loopback/private addresses allowed (IRIS_ALLOW_PRIVATE_WEBHOOKS); refused otherwise (SSRF guard). */
  allowPrivate: boolean;
};

/** A verb document is text: a megabyte is far beyond any real one. */
const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * Fetches a verb document from the tenant's app, as Twilio would (form-encoded POST or GET with the
 * parameters in the query), signed both ways so existing Twilio apps verify it unchanged.
 * Unreachable, slow, non-2xx → VerbFetchError; unparsable → VerbDocumentError.
 */
export async function fetchVerbs(options: FetchVerbsOptions): Promise<Verb[]> {
  const form = new URLSearchParams(options.params).toString();
  const target = new URL(options.url);
  if (options.method === 'GET')
    for (const [k, v] of Object.entries(options.params)) target.searchParams.set(k, v);
  const url = target.toString();
  const body = options.method === 'POST' ? form : '';
  const signed = options.twilioSignature
    ? twilioSignature(options.secrets[0]!, url, options.method === 'POST' ? options.params : {})
    : undefined;
  let response: GuardedResponse;
  try {
    response = await guardedFetch(url, {
      method: options.method,
      headers: {
        ...(options.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        accept: 'application/xml, text/xml, application/json',
        ...(signed ? { 'x-twilio-signature': signed } : {}),
        ...webhookHeaders(options.secrets, newId('vfr'), Math.floor(Date.now() / 1000), body),
      },
      body: options.method === 'POST' ? body : undefined,
      timeoutMs: options.timeoutMs ?? VERB_FETCH_TIMEOUT_MS,
      maxBytes: MAX_DOCUMENT_BYTES,
      allowPrivate: options.allowPrivate,
    });
  } catch (error) {
    throw new VerbFetchError(`verb URL unreachable or too slow: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!response.ok) throw new VerbFetchError(`verb URL answered ${response.status}`);
  const text = response.body.toString('utf8');
  if (text.trim() === '') throw new VerbDocumentError('empty document');
  return parseVerbDocument(text, response.headers.get('content-type'));
}
