/** RFC 9457 problem details as the IRIS API sends them (`application/problem+json`). */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
};

/** Codes the client itself produces when there is no problem document to read. */
export type ClientErrorCode = 'network_error' | 'timeout' | 'unexpected_response';

/**
 * The one error type API calls throw. `status` is 0 when the server could not be reached;
 * `code` is the server's stable problem code, or a client code.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly fieldErrors: { path: string; message: string }[];

  constructor(problem: Problem, options: { cause?: unknown } = {}) {
    super(`${problem.title}: ${problem.detail}`, { cause: options.cause });
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.requestId = problem.requestId;
    this.fieldErrors = problem.errors ?? [];
  }

  /** True when no HTTP answer arrived at all (server down, network cut, timed out). */
  get unreachable(): boolean {
    return this.status === 0;
  }
}

export function clientError(code: ClientErrorCode, title: string, detail: string, status = 0): Problem {
  return { type: 'about:blank', title, status, code, detail };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a problem document, or returns undefined if the body is not one. */
export function parseProblem(body: unknown): Problem | undefined {
  if (!isRecord(body)) return undefined;
  const { type, title, status, code, detail, instance, requestId, errors } = body;
  if (typeof title !== 'string' || typeof status !== 'number' || typeof code !== 'string') return undefined;
  return {
    type: typeof type === 'string' ? type : 'about:blank',
    title,
    status,
    code,
    detail: typeof detail === 'string' ? detail : title,
    ...(typeof instance === 'string' ? { instance } : {}),
    ...(typeof requestId === 'string' ? { requestId } : {}),
    ...(Array.isArray(errors) ? { errors: errors.filter(isFieldError) } : {}),
  };
}

function isFieldError(value: unknown): value is { path: string; message: string } {
  return isRecord(value) && typeof value.path === 'string' && typeof value.message === 'string';
}
