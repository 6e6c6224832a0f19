import type { Json, TestIris } from '../../testing/test-iris';

/**
 * Seeds tenant A of the cross-tenant sweep with one of each WhatsApp resource — a customer window
 * (a simulator phone wrote to A's sandbox number), a WhatsApp message sent in it, an uploaded media
 * item and a synced template (the sweep runs no Meta account, so the row is written directly) —
 * and returns their ids and the text that must never show up in tenant B's responses.
 */
export async function seedWhatsAppForSweep(t: TestIris, token: string, tenantId: string, phone: string) {
  const api = (path: string, body?: unknown) => t.request(path, { token, body });
  const device = '+14155550188';
  const inbound = await api('/v1/sandbox/inbound', {
    channel: 'whatsapp',
    from: device,
    to: phone,
    body: 'alpha whatsapp hello',
  });
  const sent = await api('/v1/whatsapp/send/text', {
    from: phone,
    to: device,
    body: 'alpha whatsapp secret',
  });
  const form = new FormData();
  form.set(
    'file',
    new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])], { type: 'application/pdf' }),
    'alpha.pdf',
  );
  const upload = await fetch(`${t.url}/v1/whatsapp/media`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const media = (await upload.json()) as Json;
  await t.iris.database.executeSql(
    `insert into whatsapp_templates (id, tenant_id, provider, external_id, name, language, category, status, components)
     values ('wat_sweepalpha', $1, 'meta-alpha', '424242', 'alpha_secret_template', 'en_US', 'UTILITY', 'APPROVED', '[]')`,
    [tenantId],
  );
  const windows = (await api('/v1/whatsapp/windows')).body.data as Json[];
  if (sent.status !== 201 || upload.status !== 201 || windows.length !== 1)
    throw new Error(`WhatsApp sweep seed failed: ${JSON.stringify({ sent: sent.body, media, windows })}`);
  return {
    ids: [inbound.body.id, sent.body.id, media.id, 'wat_sweepalpha', windows[0].id] as string[],
    secrets: ['alpha whatsapp secret', 'alpha_secret_template', 'alpha.pdf'],
  };
}
