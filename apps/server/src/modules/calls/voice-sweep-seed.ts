import type { TestIris } from '../../testing/test-iris';
import { seedSipCredentialsForSweep } from '../sip-credentials/sip-credentials-sweep-seed';

/**
 * Seeds tenant A of the cross-tenant sweep with a SIP trunk and a call (queued: the sweep runs no
 * voice role), and returns their ids and the text that must never show up in tenant B's responses.
 */
export async function seedVoiceForSweep(t: TestIris, token: string, tenantId: string) {
  const api = (path: string, body?: unknown) => t.request(path, { token, body });
  const trunk = await api('/v1/voice/trunks', {
    name: 'alpha trunk',
    host: 'alpha-carrier.test',
    auth: 'digest',
    username: 'alphasipuser',
    password: 'alpha sip secret',
  });
  const call = await api('/v1/calls', {
    to: '+15550009876',
    from: '+15550006789',
    verbs: [{ verb: 'say', text: 'alpha call secret' }],
  });
  if (trunk.status !== 201 || call.status !== 201)
    throw new Error(`voice seed failed: ${JSON.stringify([trunk.body, call.body])}`);
  // A voice number with its voice URL, and a recording of the call (written directly: no voice role here).
  const number = await api('/v1/numbers', {
    kind: 'phone_number',
    address: '+447400987654',
    capabilities: ['sms', 'voice'],
    provider: 'sandbox',
  });
  const voice = await t.request(`/v1/voice/numbers/${number.body.id}`, {
    token,
    method: 'PUT',
    body: { voiceUrl: 'https://alpha-voice.test/answer' },
  });
  if (voice.status !== 200) throw new Error(`voice number seed failed: ${JSON.stringify(voice.body)}`);
  await t.iris.database.executeSql(
    "insert into recordings (id, tenant_id, call_id, status, storage_key, content_type) values ('rec_sweepalpha', $1, $2, 'completed', 'recordings/sweep.wav', 'audio/wav')",
    [tenantId, call.body.id],
  );
  const sip = await seedSipCredentialsForSweep(t, token);
  return {
    ids: [
      trunk.body.id as string,
      call.body.id as string,
      number.body.id as string,
      'rec_sweepalpha',
      ...sip.ids,
    ],
    secrets: ['alpha-carrier.test', 'alphasipuser', 'alpha call secret', 'alpha-voice.test', ...sip.secrets],
  };
}
