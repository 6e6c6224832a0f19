import UAParser from 'ua-parser-js';

export type UserAgentInfo = { device: string; client: string; os: string | null };

/**
 * Mail clients ua-parser-js does not name (it knows browsers): matched first, most specific first.
 * Image proxies fetch the pixel for the reader, so they say which service, not which device.
 */
const MAIL_CLIENTS: [RegExp, string, string?][] = [
  [/GoogleImageProxy/i, 'Gmail', 'proxy'],
  [/YahooMailProxy/i, 'Yahoo Mail', 'proxy'],
  [/Microsoft Outlook|ms-office|Outlook-iOS|Outlook-Android/i, 'Outlook'],
  [/Thunderbird/i, 'Thunderbird'],
  [/Superhuman/i, 'Superhuman'],
];

/** Device class (desktop, mobile, tablet, proxy) and mail client or browser of a tracking hit. */
export function describeUserAgent(userAgent: string | undefined): UserAgentInfo {
  if (!userAgent) return { device: 'unknown', client: 'unknown', os: null };
  const result = new UAParser(userAgent).getResult();
  const os = result.os.name ?? null;
  const device =
    result.device.type === 'mobile' || result.device.type === 'tablet' ? result.device.type : 'desktop';
  for (const [pattern, client, deviceOverride] of MAIL_CLIENTS)
    if (pattern.test(userAgent)) return { device: deviceOverride ?? device, client, os };
  // Apple Mail loads images with a bare WebKit user agent (no Safari/Chrome token).
  if (result.browser.name === 'WebKit' && (os === 'iOS' || os === 'Mac OS'))
    return { device, client: 'Apple Mail', os };
  return { device, client: result.browser.name ?? 'unknown', os };
}
