/**
 * The URLs a provider may have signed for a webhook we received. Signatures cover the URL the
 * provider called, which is not always the one we see: a proxy in front of IRIS (the configured
 * public origin), TLS ended before us (https), a default port written out or not (providers are
 * inconsistent; their SDKs accept both). The URL exactly as received comes first: re-serialising it
 * may change its encoding.
 */
export function signedUrlCandidates(url: string, publicOrigin?: string): string[] {
  const received = new URL(url);
  const bases = [received];
  if (publicOrigin) bases.push(new URL(received.pathname + received.search, publicOrigin));
  if (received.protocol === 'http:') {
    const https = new URL(received.href);
    https.protocol = 'https:';
    bases.push(https);
  }
  const urls = new Set<string>([url]);
  for (const base of bases) {
    urls.add(base.href);
    const port = base.port || (base.protocol === 'https:' ? '443' : '80');
    // URL drops a default port when serialising: splice it in by hand.
    urls.add(`${base.protocol}//${base.hostname}:${port}${base.pathname}${base.search}`);
  }
  return [...urls];
}
