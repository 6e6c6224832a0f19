import { signLinkToken } from './link-token';

type Options = { key: Uint8Array; baseUrl: string; tenantId: string; messageId: string };

// An <a …> start tag and its href attribute (double-quoted, single-quoted or bare).
const ANCHOR = /<a\b[^>]*>/gi;
const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const NO_TRACK = /\sdata-iris-notrack\b|\sclicktracking\s*=\s*["']?off/i;

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };
/** href values are HTML-encoded (`&amp;` in query strings): the redirect must go to the decoded URL. */
function decodeEntities(value: string) {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|quot|apos|lt|gt);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return ENTITIES[lower] ?? whole;
  });
}

function trackable(url: string) {
  if (!/^https?:\/\//i.test(url)) return false; // mailto:, tel:, #anchors and relative links stay
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/**
 * Rewrites each http(s) link of an email's HTML to a signed click URL (`<base>/t/c/<token>`) that
 * redirects to exactly that link; links marked `data-iris-notrack` (or SendGrid's
 * `clicktracking=off`) and non-web links are left as they are. Returns the URLs it rewrote.
 */
export function rewriteLinks(html: string, options: Options): { html: string; links: string[] } {
  const links: string[] = [];
  const rewritten = html.replace(ANCHOR, (tag) => {
    if (NO_TRACK.test(tag)) return tag;
    const match = HREF.exec(tag);
    if (!match) return tag;
    const url = decodeEntities((match[2] ?? match[3] ?? match[4] ?? '').trim());
    if (!trackable(url)) return tag;
    links.push(url);
    const token = signLinkToken(options.key, 'c', { t: options.tenantId, m: options.messageId, u: url });
    return tag.replace(HREF, `$1"${options.baseUrl}/t/c/${token}"`);
  });
  return { html: rewritten, links };
}

/** Adds the 1×1 open pixel just before `</body>` (or at the end of a fragment). */
export function addOpenPixel(html: string, options: Options): string {
  const token = signLinkToken(options.key, 'o', { t: options.tenantId, m: options.messageId });
  const pixel = `<img src="${options.baseUrl}/t/o/${token}.gif" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`;
  const close = html.search(/<\/body\s*>/i);
  return close === -1 ? `${html}${pixel}` : `${html.slice(0, close)}${pixel}${html.slice(close)}`;
}
