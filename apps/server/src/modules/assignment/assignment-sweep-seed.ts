import type { TestIris } from '../../testing/test-iris';

/**
 * Seeds tenant A of the cross-tenant sweep with an SLA policy, a team using it and a member
 * (whose presence A's admin sets); returns the ids and text tenant B must never see.
 */
export async function seedAssignmentForSweep(t: TestIris, token: string, memberUserId: string) {
  const api = (path: string, body?: unknown, method?: string) => t.request(path, { token, body, method });
  const policy = await api('/v1/sla-policies', {
    name: 'Alpha SLA secret',
    timeZone: 'Europe/Paris',
    businessHours: [{ day: 1, start: '09:00', end: '17:00' }],
    firstResponseMinutes: 30,
  });
  const team = await api('/v1/teams', {
    name: 'Alpha team secret',
    assignmentMode: 'round_robin',
    channels: ['sms'],
    slaPolicyId: policy.body.id,
  });
  const member = await api(
    `/v1/teams/${team.body.id}/members/${memberUserId}`,
    { capacity: { sms: 2 } },
    'PUT',
  );
  await api('/v1/agents/me/presence', { status: 'away' }, 'PUT');
  if (policy.status !== 201 || team.status !== 201 || member.status !== 200)
    throw new Error('seeding teams and SLA policies failed');
  return {
    ids: [policy.body.id as string, team.body.id as string],
    secrets: ['Alpha SLA secret', 'Alpha team secret'],
  };
}
