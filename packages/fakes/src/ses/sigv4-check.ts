import { createHash, createHmac } from 'node:crypto';

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const encode = (v: string) =>
  encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The receiving side of SigV4, as AWS checks it: rebuild the canonical request from what arrived
 * (the headers the client says it signed, the body), derive the key from the secret, compare.
 */
export function checkSigV4(
  request: { method: string; url: string; headers: Headers; body: string },
  secrets: Record<string, string>,
): { ok: true; accessKeyId: string; region: string; service: string } | { ok: false; reason: string } {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      request.headers.get('authorization') ?? '',
    );
  if (!match) return { ok: false, reason: 'Authorization header missing or malformed' };
  const [, accessKeyId, day, region, service, signedHeaders, signature] = match as unknown as string[];
  const secret = secrets[accessKeyId!];
  if (!secret) return { ok: false, reason: 'The security token included in the request is invalid.' };
  const amzDate = request.headers.get('x-amz-date') ?? '';
  if (!amzDate.startsWith(day!))
    return { ok: false, reason: 'Date in Credential scope does not match X-Amz-Date' };
  if (
    Math.abs(
      Date.now() -
        Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')),
    ) >
    5 * 60_000
  )
    return { ok: false, reason: 'Signature expired' };
  const url = new URL(request.url);
  const names = signedHeaders!.split(';');
  const canonicalHeaders = names
    .map((n) => `${n}:${(request.headers.get(n) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .sort()
    .join('&');
  const canonical = [
    request.method,
    url.pathname,
    query,
    canonicalHeaders,
    signedHeaders,
    sha256(request.body),
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day!), region!), service!), 'aws4_request');
  const expected = createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
  if (expected !== signature)
    return {
      ok: false,
      reason: 'The request signature we calculated does not match the signature you provided.',
    };
  return { ok: true, accessKeyId: accessKeyId!, region: region!, service: service! };
}
