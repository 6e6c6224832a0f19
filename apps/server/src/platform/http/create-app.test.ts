import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../testing/test-logger';
import { AppError } from '../errors/app-error';
import { createHttpApp, createRouter } from './create-app';
import { createMetrics } from './metrics';

const WidgetSchema = z.object({ name: z.string().min(1), size: z.number().int().positive() });

function buildApp() {
  const app = createHttpApp({ logger: silentLogger, metrics: createMetrics(), bodyLimitBytes: 2048 });
  const widgets = createRouter();
  widgets.openapi(
    createRoute({
      method: 'post',
      path: '/widgets',
      request: { body: { content: { 'application/json': { schema: WidgetSchema } }, required: true } },
      responses: {
        201: { description: 'created', content: { 'application/json': { schema: WidgetSchema } } },
      },
    }),
    (c) => c.json(c.req.valid('json'), 201),
  );
  widgets.get('/widgets/:id', (c) => c.json({ id: c.req.param('id') }));
  widgets.get('/boom', () => {
    throw new Error('secret internals at /srv/app.ts:42');
  });
  widgets.get('/taken', () => {
    throw new AppError('conflict', 'That name is taken');
  });
  widgets.get('/duplicate', () => {
    throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
  });
  app.route('/v1', widgets);
  return app;
}

const post = (body: string, headers: Record<string, string> = {}) =>
  buildApp().request('/v1/widgets', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('x-request-id')).toBeTruthy();
  return (await response.json()) as Record<string, unknown>;
}

describe('problem+json error model', () => {
  it('answers an unknown route with 404 not_found', async () => {
    const response = await buildApp().request('/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(await problem(response)).toMatchObject({
      status: 404,
      code: 'not_found',
      instance: '/v1/nothing-here',
    });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const response = await buildApp().request('/v1/widgets/w_1', { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect(await problem(response)).toMatchObject({ code: 'method_not_allowed' });
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await post('{"name": "a",');
    expect(response.status).toBe(400);
    expect(await problem(response)).toMatchObject({ code: 'malformed_json' });
  });

  it('answers a schema violation with 422 naming each field', async () => {
    const response = await post(JSON.stringify({ name: '', size: -1 }));
    expect(response.status).toBe(422);
    const body = await problem(response);
    expect(body.code).toBe('validation_failed');
    const paths = (body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['name', 'size']);
    expect(body.detail).toContain('name');
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const response = await post(JSON.stringify({ name: 'x'.repeat(4096), size: 1 }));
    expect(response.status).toBe(413);
    expect(await problem(response)).toMatchObject({ code: 'payload_too_large' });
  });

  it('answers an internal error with 500 and no stack trace or message in the body', async () => {
    const response = await buildApp().request('/v1/boom');
    expect(response.status).toBe(500);
    const text = JSON.stringify(await problem(response));
    expect(text).toContain('"code":"internal"');
    expect(text).not.toContain('secret internals');
    expect(text).not.toContain('app.ts');
  });

  it('maps AppError and unique violations to 409 conflict', async () => {
    const app = buildApp();
    const taken = await app.request('/v1/taken');
    expect(taken.status).toBe(409);
    expect(await problem(taken)).toMatchObject({ code: 'conflict', detail: 'That name is taken' });
    const duplicate = await app.request('/v1/duplicate');
    expect(duplicate.status).toBe(409);
    expect(await problem(duplicate)).toMatchObject({ code: 'conflict' });
  });

  it('puts x-request-id on every response and echoes a caller-provided one', async () => {
    const created = await post(JSON.stringify({ name: 'w', size: 3 }), { 'x-request-id': 'req-abc-123' });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe('req-abc-123');
    const generated = await buildApp().request('/v1/widgets/w_1');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the request id in the problem body', async () => {
    const response = await buildApp().request('/v1/nope', { headers: { 'x-request-id': 'trace-me' } });
    expect(await problem(response)).toMatchObject({ requestId: 'trace-me' });
  });
});
