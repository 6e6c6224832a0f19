const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Hides most of the address: the page is reachable by anyone holding the link. */
function mask(address: string) {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 2)}${'•'.repeat(Math.max(1, local.length - 2))}@${domain}`;
}

/** The unsubscribe confirmation page and its "done" state: no scripts, posts back to its own URL. */
export function unsubscribePage(options: { address: string; done: boolean }): string {
  const who = escapeHtml(mask(options.address));
  const body = options.done
    ? `<h1>You are unsubscribed</h1><p>${who} will not get these emails any more.</p>`
    : `<h1>Unsubscribe?</h1><p>Stop these emails to ${who}.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>Unsubscribe</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font-size:1rem;padding:.6rem 1.2rem}</style>
</head><body>${body}</body></html>`;
}
