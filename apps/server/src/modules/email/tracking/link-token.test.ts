import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './describe-user-agent';
import { deriveLinkKey, signLinkToken, verifyLinkToken } from './link-token';
import { addOpenPixel, rewriteLinks } from './rewrite-links';

const key = deriveLinkKey(randomBytes(32));
const options = { key, baseUrl: 'https://iris.example', tenantId: 'ten_1', messageId: 'msg_1' };
const tokenOf = (href: string) => href.split('/t/c/')[1]!;

describe('signed email links', () => {
  it('round-trips a payload and refuses anything altered, truncated, re-signed or of another purpose', () => {
    const token = signLinkToken(key, 'c', { t: 'ten_1', m: 'msg_1', u: 'https://shop.example/a?b=1' });
    expect(verifyLinkToken(key, 'c', token)).toEqual({
      t: 'ten_1',
      m: 'msg_1',
      u: 'https://shop.example/a?b=1',
    });

    const [payload, mac] = token.split('.') as [string, string];
    const evil = Buffer.from(JSON.stringify({ t: 'ten_1', m: 'msg_1', u: 'https://evil.example/' })).toString(
      'base64url',
    );
    expect(verifyLinkToken(key, 'c', `${evil}.${mac}`)).toBeUndefined();
    expect(verifyLinkToken(key, 'c', `${payload}.${mac.slice(0, -2)}`)).toBeUndefined();
    // The last base64url character carries padding bits: another spelling of the same MAC is refused too.
    const last = mac.at(-1)!;
    const sibling = 'AEIMQUYcgkosw048'.includes(last) ? String.fromCharCode(last.charCodeAt(0) + 1) : last;
    if (sibling !== last)
      expect(verifyLinkToken(key, 'c', `${payload}.${mac.slice(0, -1)}${sibling}`)).toBeUndefined();
    expect(verifyLinkToken(key, 'c', `${payload}.${mac}.x`)).toBeUndefined();
    expect(verifyLinkToken(key, 'c', payload)).toBeUndefined();
    expect(verifyLinkToken(deriveLinkKey(randomBytes(32)), 'c', token)).toBeUndefined();
    // An open or unsubscribe token is never a click token (no redirect from a pixel URL).
    expect(verifyLinkToken(key, 'o', token)).toBeUndefined();
    const open = signLinkToken(key, 'o', { t: 'ten_1', m: 'msg_1' });
    expect(verifyLinkToken(key, 'c', open)).toBeUndefined();
  });

  it('never signs a click token for a non-web URL', () => {
    const token = signLinkToken(key, 'c', { t: 't', m: 'm', u: 'javascript:alert(1)' });
    expect(verifyLinkToken(key, 'c', token)).toBeUndefined();
  });
});

describe('link rewriting', () => {
  it('rewrites web links to signed click URLs that decode to the original (entities decoded) and leaves the rest', () => {
    const html = `<p><a href="https://shop.example/item?id=1&amp;ref=mail">Buy</a>
<a class='x' href='http://docs.example/guide'>Docs</a>
<a href=https://bare.example/x>Bare</a>
<a href="mailto:help@shop.example">Mail us</a> <a href="#top">Top</a> <a href="/relative">Rel</a>
<a data-iris-notrack href="https://private.example/reset?token=abc">Reset</a>
<a clicktracking=off href="https://off.example/">Off</a><A HREF="https://upper.example/">Upper</A></p>`;
    const { html: out, links } = rewriteLinks(html, options);
    expect(links).toEqual([
      'https://shop.example/item?id=1&ref=mail',
      'http://docs.example/guide',
      'https://bare.example/x',
      'https://upper.example/',
    ]);
    const hrefs = [...out.matchAll(/href="(https:\/\/iris\.example\/t\/c\/[^"]+)"/gi)].map((m) => m[1]!);
    expect(hrefs).toHaveLength(4);
    expect(hrefs.map((h) => verifyLinkToken(key, 'c', tokenOf(h))?.u)).toEqual(links);
    for (const untouched of [
      'mailto:help@shop.example',
      '#top',
      '/relative',
      'https://private.example/reset?token=abc',
      'https://off.example/',
    ])
      expect(out).toContain(untouched);
    expect(out).toContain("class='x'");
  });

  it('adds the open pixel before </body>, or at the end of a fragment', () => {
    const page = addOpenPixel('<html><body><p>Hi</p></body></html>', options);
    expect(page).toMatch(
      /<p>Hi<\/p><img src="https:\/\/iris\.example\/t\/o\/[\w-]+\.[\w-]+\.gif"[^>]*\/><\/body>/,
    );
    expect(addOpenPixel('<p>Hi</p>', options)).toMatch(/^<p>Hi<\/p><img /);
  });
});

describe('user agents of tracking hits', () => {
  it.each([
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
      'mobile',
      'Apple Mail',
    ],
    [
      'Mozilla/5.0 (Windows; U; Windows NT 5.1; en-US; rv:1.9.0.19) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
      'proxy',
      'Gmail',
    ],
    ['Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.12026; Pro)', 'desktop', 'Outlook'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.3.1',
      'desktop',
      'Thunderbird',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
      'mobile',
      'Chrome',
    ],
    ['Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15', 'tablet', 'Apple Mail'],
  ])('%s → %s, %s', (ua, device, client) => {
    expect(describeUserAgent(ua)).toMatchObject({ device, client });
  });

  it('says unknown without a user agent', () => {
    expect(describeUserAgent(undefined)).toEqual({ device: 'unknown', client: 'unknown', os: null });
  });
});
