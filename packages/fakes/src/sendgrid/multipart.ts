/** A form field a fake posts: text, or a file with bytes. */
export type MultipartField =
  | { name: string; value: string }
  | { name: string; filename: string; contentType: string; content: Uint8Array | string };

/** Encodes fields as multipart/form-data with the platform's encoder; the exact bytes are what gets signed. */
export async function multipartOf(fields: MultipartField[]) {
  const form = new FormData();
  for (const field of fields) {
    if ('value' in field) form.append(field.name, field.value);
    else form.append(field.name, new Blob([field.content], { type: field.contentType }), field.filename);
  }
  const request = new Request('http://fake.invalid/', { method: 'POST', body: form });
  return {
    body: new Uint8Array(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}
