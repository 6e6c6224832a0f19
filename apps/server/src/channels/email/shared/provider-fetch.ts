import { providerErrorFromFetch, providerErrorFromStatus } from '../../provider-error';

/**
 * One provider HTTP call: network failures and timeouts become retryable ProviderErrors, an error
 * status becomes retryable (429, 5xx) or permanent (other 4xx) with the provider's own message.
 */
export async function callProvider(
  provider: string,
  url: string,
  init: RequestInit & { signal: AbortSignal },
  detailOf: (body: string, headers: Headers) => string = (body) => body.slice(0, 300),
): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw providerErrorFromFetch(error, provider);
  }
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    throw providerErrorFromStatus(
      response.status,
      provider,
      safeDetail(() => detailOf(text, response.headers), text),
      response.headers,
    );
  }
  return response;
}

function safeDetail(detail: () => string, text: string) {
  try {
    return detail();
  } catch {
    return text.slice(0, 300);
  }
}
