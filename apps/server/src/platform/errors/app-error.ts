/**
 * The closed set of error codes an API client can rely on, and the one table
 * from code to HTTP status. Feature modules add codes here, never ad hoc.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  malformed_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  idempotency_key_reused: 422,
  recipient_opted_out: 422,
  whatsapp_window_closed: 422,
  recipient_suppressed: 422,
  email_domain_unverified: 422,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldError = { path: string; message: string };

export class AppError extends Error {
  readonly status: number;
  readonly details?: { errors?: FieldError[]; headers?: Record<string, string>; [key: string]: unknown };

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { cause?: unknown; details?: AppError['details'] } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
    this.details = options.details;
  }
}
