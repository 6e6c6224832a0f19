import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from '../errors/app-error';
import { problemFromAppError, validationError } from '../errors/problem';
import type { AppEnv } from './app-env';

const PG_UNIQUE_VIOLATION = '23505';

/** The single mapping from anything thrown to an application/problem+json response. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationError(error, 'request');
  if (error instanceof HTTPException) return fromHttpException(error);
  if (isUniqueViolation(error))
    return new AppError('conflict', 'A resource with these values already exists', { cause: error });
  return new AppError('internal', 'An internal error occurred; it has been logged with this request id', {
    cause: error,
  });
}

function fromHttpException(error: HTTPException): AppError {
  // Hono's JSON validator throws 400 "Malformed JSON in request body" before our schemas run.
  if (error.status === 400 && /malformed json/i.test(error.message)) {
    return new AppError('malformed_json', 'The request body is not valid JSON', { cause: error });
  }
  const byStatus: Partial<Record<number, ErrorCode>> = {
    400: 'bad_request',
    401: 'unauthorized',
    403: 'forbidden',
    404: 'not_found',
    413: 'payload_too_large',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    503: 'service_unavailable',
  };
  const code = byStatus[error.status] ?? 'internal';
  return new AppError(code, error.message || code.replaceAll('_', ' '), { cause: error });
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === PG_UNIQUE_VIOLATION) return true;
  }
  return false;
}

export function problemResponse(c: Context<AppEnv>, error: AppError): Response {
  const problem = problemFromAppError(error, { path: c.req.path, requestId: c.get('requestId') });
  // c.body (not new Response) keeps headers already set on the context, such as x-request-id.
  return c.body(JSON.stringify(problem), error.status as ContentfulStatusCode, {
    ...error.details?.headers,
    'content-type': 'application/problem+json',
  });
}

export function handleError(error: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(error);
  const logger = c.get('logger');
  if (appError.status >= 500) logger?.error({ err: appError.cause ?? appError }, 'request failed');
  return problemResponse(c, appError);
}
