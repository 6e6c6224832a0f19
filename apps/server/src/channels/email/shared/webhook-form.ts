import type { RawWebhook } from '../../channel';

/** A part of a form post: text, or a file with its bytes. */
export type FormFile = { filename: string; contentType: string; bytes: Uint8Array };

/**
 * Parses a form-encoded or multipart webhook body with the platform's own parser (undici's
 * `formData()`), from the raw bytes when the route kept them — multipart files are binary, and a
 * body decoded as text would have mangled them.
 */
export async function readWebhookForm(request: RawWebhook) {
  const contentType = request.headers.get('content-type') ?? '';
  const bytes = request.bytes;
  const form = await new Response(bytes ?? request.body, {
    headers: { 'content-type': contentType },
  }).formData();
  const text = (name: string): string | undefined => {
    const value = form.get(name);
    // Form encoding turns every line break into CRLF; mail text elsewhere in IRIS uses LF.
    return typeof value === 'string' ? value.replace(/\r\n/g, '\n') : undefined;
  };
  const file = async (name: string): Promise<FormFile | undefined> => {
    const value = form.get(name);
    if (value === null) return undefined;
    if (typeof value === 'string')
      return { filename: name, contentType: 'text/plain', bytes: new TextEncoder().encode(value) };
    return {
      filename: value.name || name,
      contentType: value.type || 'application/octet-stream',
      bytes: new Uint8Array(await value.arrayBuffer()),
    };
  };
  return { form, text, file };
}
