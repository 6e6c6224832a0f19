import { describe, expect, it } from 'vitest';
import { fakeApi, json } from '../../../testing/fake-api';
import { endpointState, fetchEventTypes, groupEventTypes } from './event-catalog';

describe('webhook event catalog', () => {
  it('groups event types by family with a wildcard pattern', () => {
    expect(groupEventTypes(['message.sent', 'message.failed', 'call.completed'])).toEqual([
      { family: 'message', pattern: 'message.*', types: ['message.sent', 'message.failed'] },
      { family: 'call', pattern: 'call.*', types: ['call.completed'] },
    ]);
  });

  it('reads the event types from the webhooks section of the OpenAPI document', async () => {
    fakeApi({
      'GET /v1/openapi.json': () =>
        json({ openapi: '3.1.0', webhooks: { 'message.sent': {}, 'webhook.test': {} } }),
    });
    expect(await fetchEventTypes()).toEqual(['message.sent', 'webhook.test']);
  });

  it('says why an endpoint is disabled or failing', () => {
    expect(
      endpointState({ enabled: false, disabledReason: 'the receiver answered 410 Gone', failingSince: null }),
    ).toEqual({
      label: 'disabled',
      tone: 'danger',
      detail: 'the receiver answered 410 Gone',
    });
    expect(
      endpointState({ enabled: true, disabledReason: null, failingSince: '2026-11-24T10:00:00Z' }).label,
    ).toBe('failing');
    expect(endpointState({ enabled: true, disabledReason: null, failingSince: null }).tone).toBe('success');
  });
});
