/** Compact forms (RFC 3261 §7.3.3 and the extensions that registered one). */
const COMPACT: Record<string, string> = {
  a: 'Accept-Contact',
  b: 'Referred-By',
  c: 'Content-Type',
  d: 'Request-Disposition',
  e: 'Content-Encoding',
  f: 'From',
  i: 'Call-ID',
  j: 'Reject-Contact',
  k: 'Supported',
  l: 'Content-Length',
  m: 'Contact',
  n: 'Identity-Info',
  o: 'Event',
  r: 'Refer-To',
  s: 'Subject',
  t: 'To',
  u: 'Allow-Events',
  v: 'Via',
  x: 'Session-Expires',
  y: 'Identity',
};

const KNOWN = [
  'Accept',
  'Accept-Encoding',
  'Accept-Language',
  'Alert-Info',
  'Allow',
  'Authentication-Info',
  'Authorization',
  'Call-ID',
  'Call-Info',
  'Contact',
  'Content-Disposition',
  'Content-Language',
  'Content-Length',
  'Content-Type',
  'CSeq',
  'Date',
  'Error-Info',
  'Expires',
  'In-Reply-To',
  'Max-Forwards',
  'Min-Expires',
  'MIME-Version',
  'Organization',
  'Path',
  'Priority',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'Proxy-Require',
  'RAck',
  'Reason',
  'Record-Route',
  'Reply-To',
  'Require',
  'Retry-After',
  'Route',
  'RSeq',
  'Server',
  'Service-Route',
  'Timestamp',
  'Unsupported',
  'User-Agent',
  'Warning',
  'WWW-Authenticate',
  ...Object.values(COMPACT),
];
const CANONICAL = new Map(KNOWN.map((name) => [name.toLowerCase(), name]));

/**
 * Headers whose grammar is a comma-separated list, so one line may carry several values. Only these
 * are split: splitting an unknown header (or Date, or WWW-Authenticate) on commas would corrupt it.
 */
const LIST_HEADERS = new Set(
  [
    'Accept',
    'Accept-Encoding',
    'Accept-Language',
    'Alert-Info',
    'Allow',
    'Allow-Events',
    'Call-Info',
    'Contact',
    'Content-Encoding',
    'Content-Language',
    'Error-Info',
    'In-Reply-To',
    'Path',
    'Proxy-Require',
    'Reason',
    'Record-Route',
    'Require',
    'Route',
    'Service-Route',
    'Supported',
    'Unsupported',
    'Via',
    'Warning',
  ].map((n) => n.toLowerCase()),
);

/** Long, canonically-cased name for known headers; unknown names are kept as written. */
export function canonicalHeaderName(name: string): string {
  const lower = name.toLowerCase();
  const long = COMPACT[lower] ?? lower;
  return CANONICAL.get(long.toLowerCase()) ?? name;
}

export const isListHeader = (canonicalName: string): boolean => LIST_HEADERS.has(canonicalName.toLowerCase());
