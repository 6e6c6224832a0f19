import type { ZodError } from 'zod';
import { AppError, type ErrorCode, type FieldError } from './app-error';

/** RFC 9457 problem details, with our stable `code`. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
};

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  malformed_json: 'Malformed JSON',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  validation_failed: 'Validation failed',
  idempotency_key_reused: 'Idempotency key reused',
  recipient_opted_out: 'Recipient opted out',
  whatsapp_window_closed: 'WhatsApp customer service window closed',
  recipient_suppressed: 'Recipient suppressed',
  email_domain_unverified: 'Email domain not verified',
  rate_limited: 'Too many requests',
  internal: 'Internal server error',
  service_unavailable: 'Service unavailable',
};

export function problemFromAppError(error: AppError, context: { path: string; requestId?: string }): Problem {
  return {
    type: `https://iris.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: TITLES[error.code],
    status: error.status,
    code: error.code,
    detail: error.message,
    instance: context.path,
    requestId: context.requestId,
    ...(error.details?.errors ? { errors: error.details.errors } : {}),
  };
}

export function validationError(error: ZodError, where: string): AppError {
  const errors = error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.join('.') : where,
    message: issue.message,
  }));
  const summary = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  return new AppError('validation_failed', `The ${where} is invalid: ${summary}`, { details: { errors } });
}
