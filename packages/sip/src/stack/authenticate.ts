import { answerDigestChallenge } from '../auth/digest-client';
import type { Dialog } from '../dialog/dialog';
import { cloneMessage } from '../message/build';
import { getCSeq, getHeaders, setHeader } from '../message/headers';
import type { SipRequest, SipResponse } from '../parser/types';
import type { SendOptions } from './types';

/**
 * The retry of a request challenged with 401/407 (RFC 3261 §22.2): same request, next CSeq, no Via
 * (a new transaction gets a new branch), and one Authorization / Proxy-Authorization per challenge.
 */
export function withCredentials(
  request: SipRequest,
  response: SipResponse,
  options: SendOptions,
  dialog: Dialog | undefined,
): SipRequest | undefined {
  const credentials = options.credentials;
  if (!credentials || (response.status !== 401 && response.status !== 407)) return undefined;
  const proxy = response.status === 407;
  const challenges = getHeaders(response, proxy ? 'Proxy-Authenticate' : 'WWW-Authenticate').filter((c) =>
    /^\s*digest\s/i.test(c),
  );
  if (challenges.length === 0) return undefined;
  const retry = cloneMessage(request);
  const authName = proxy ? 'Proxy-Authorization' : 'Authorization';
  retry.headers = retry.headers.filter((h) => h.name !== 'Via' && h.name !== authName);
  const seq = dialog ? ++dialog.localSeq : getCSeq(request).seq + 1;
  if (dialog && request.method === 'INVITE') dialog.inviteSeq = seq;
  setHeader(retry, 'CSeq', `${seq} ${request.method}`);
  for (const challenge of challenges) {
    const value = answerDigestChallenge(challenge, {
      ...credentials,
      method: request.method,
      uri: request.uri,
      body: request.body,
    });
    retry.headers.push({ name: authName, value });
  }
  return retry;
}
