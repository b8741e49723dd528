/**
 * One error hierarchy for every failure. Errors carry data (code, operation, retryable, …);
 * turning them into text for people happens at the edge (the CLI). No error ever holds the
 * token: requests are described by method and URL only, and `cause` is never a raw transport
 * error that could echo headers (its message is copied after redaction instead).
 */

export type ErrorCode =
  | 'INVALID_PARAMS'
  | 'UNKNOWN_OPERATION'
  | 'UNSUPPORTED'
  | 'NOT_FOUND'
  | 'AMBIGUOUS'
  | 'API_ERROR'
  | 'RATE_LIMITED'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'ABORTED'
  | 'CONFIG'
  | 'INVALID_RESPONSE'
  | 'INTERNAL';

export interface ParamIssue {
  /** Offending parameter, as a JSON pointer into the params object ("/id", "/$body/name"). */
  path: string;
  message: string;
}

export interface ApiErrorItem {
  code: string;
  message: string;
  field?: string;
}

/** A call of a multi-call operation that already succeeded before a later one failed. */
export interface CompletedCall {
  operation: string;
  method: string;
  url: string;
  status: number;
}

export interface ErrorDetails {
  operation?: string;
  retryable?: boolean;
  issues?: ParamIssue[];
  /** How many issues were found beyond those listed in `issues` (which are capped). */
  omittedIssues?: number;
  suggestions?: string[];
  parameter?: string;
  lookup?: Record<string, unknown>;
  status?: number;
  requestId?: string | null;
  apiErrors?: ApiErrorItem[];
  retryAfterSeconds?: number | null;
  completedCalls?: CompletedCall[];
  causeMessage?: string;
}

export class IntercomOpsError extends Error {
  readonly code: ErrorCode;
  operation: string | undefined;
  /**
   * Sending the same request again is safe and may succeed. Not readonly: a multi-call operation
   * that had already written when a later call failed clears it (running it again would write twice).
   */
  retryable: boolean;
  readonly issues?: ParamIssue[];
  readonly omittedIssues?: number;
  readonly suggestions?: string[];
  readonly parameter?: string;
  readonly lookup?: Record<string, unknown>;
  readonly status?: number;
  readonly requestId?: string | null;
  readonly apiErrors?: ApiErrorItem[];
  readonly retryAfterSeconds?: number | null;
  /** Set when an operation made of several calls fails part-way: what was already written. */
  completedCalls?: CompletedCall[];
  readonly causeMessage?: string;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.operation = details.operation;
    this.retryable = details.retryable ?? false;
    for (const key of [
      'issues', 'omittedIssues', 'suggestions', 'parameter', 'lookup', 'status', 'requestId', 'apiErrors',
      'retryAfterSeconds', 'completedCalls', 'causeMessage',
    ] as const) {
      if (details[key] !== undefined) (this as any)[key] = details[key];
    }
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined && key !== 'name' && key !== 'code') out[key] = value;
    }
    return out;
  }
}

export class InvalidParamsError extends IntercomOpsError {
  declare readonly code: 'INVALID_PARAMS';
  declare readonly issues: ParamIssue[];
  constructor(message: string, details: ErrorDetails & { issues: ParamIssue[] }) {
    super('INVALID_PARAMS', message, details);
  }
}
export class UnknownOperationError extends IntercomOpsError {
  declare readonly code: 'UNKNOWN_OPERATION';
  declare readonly suggestions: string[];
  constructor(message: string, details: ErrorDetails & { suggestions: string[] }) {
    super('UNKNOWN_OPERATION', message, details);
  }
}
export class UnsupportedError extends IntercomOpsError {
  declare readonly code: 'UNSUPPORTED';
  constructor(message: string, details: ErrorDetails = {}) {
    super('UNSUPPORTED', message, details);
  }
}
export class NotFoundError extends IntercomOpsError {
  declare readonly code: 'NOT_FOUND';
  constructor(message: string, details: ErrorDetails = {}) {
    super('NOT_FOUND', message, details);
  }
}
export class AmbiguousError extends IntercomOpsError {
  declare readonly code: 'AMBIGUOUS';
  constructor(message: string, details: ErrorDetails = {}) {
    super('AMBIGUOUS', message, details);
  }
}
export class ApiError extends IntercomOpsError {
  declare readonly code: 'API_ERROR';
  declare readonly status: number;
  constructor(message: string, details: ErrorDetails & { status: number }) {
    super('API_ERROR', message, details);
  }
}
/**
 * Transport failures: `retryable` is always given by the transport (http.ts `safeToResend`),
 * which knows the method and whether the request may have reached the server.
 */
export class RateLimitedError extends IntercomOpsError {
  declare readonly code: 'RATE_LIMITED';
  /** Absent when the rate budget refused the call before anything was sent. */
  declare readonly status?: number;
  /**
   * Without `status` the rate budget refused the call before anything was sent (sending it later
   * is safe: `retryable` defaults to true); the transport always says `retryable`.
   */
  constructor(message: string, details: ErrorDetails & { status?: number; retryable?: boolean }) {
    super('RATE_LIMITED', message, { retryable: true, ...details });
  }
}
export class TimeoutError extends IntercomOpsError {
  declare readonly code: 'TIMEOUT';
  constructor(message: string, details: ErrorDetails & { retryable: boolean }) {
    super('TIMEOUT', message, details);
  }
}
export class NetworkError extends IntercomOpsError {
  declare readonly code: 'NETWORK';
  constructor(message: string, details: ErrorDetails & { retryable: boolean }) {
    super('NETWORK', message, details);
  }
}
/** A success answer that is not what the spec promises (not JSON, larger than maxResponseBytes). */
export class InvalidResponseError extends IntercomOpsError {
  declare readonly code: 'INVALID_RESPONSE';
  declare readonly status: number;
  declare readonly issues: ParamIssue[];
  constructor(message: string, details: ErrorDetails & { status: number; issues: ParamIssue[] }) {
    super('INVALID_RESPONSE', message, details);
  }
}
export class AbortedError extends IntercomOpsError {
  declare readonly code: 'ABORTED';
  constructor(message: string, details: ErrorDetails = {}) {
    super('ABORTED', message, details);
  }
}
export class ConfigError extends IntercomOpsError {
  declare readonly code: 'CONFIG';
  constructor(message: string, details: ErrorDetails = {}) {
    super('CONFIG', message, details);
  }
}
/** A defect of this package (a binding that throws a TypeError, …): never bad input, never Intercom's answer. */
export class InternalError extends IntercomOpsError {
  declare readonly code: 'INTERNAL';
  constructor(message: string, details: ErrorDetails = {}) {
    super('INTERNAL', message, details);
  }
}

/**
 * The single status → error factory. `body` is Intercom's parsed error answer
 * (`{ type: "error.list", request_id, errors: [{ code, message, field? }] }`) when there is one;
 * `retryable` is the transport's verdict (it depends on the method, not only on the status).
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  details: { operation: string; retryable: boolean; requestId?: string | null; retryAfterSeconds?: number | null },
): IntercomOpsError {
  const parsed = (body && typeof body === 'object' ? body : {}) as Record<string, any>;
  const apiErrors: ApiErrorItem[] = Array.isArray(parsed.errors)
    ? parsed.errors.map((e: any) => ({
        code: String(e?.code ?? ''),
        message: String(e?.message ?? ''),
        ...(e?.field !== undefined ? { field: String(e.field) } : {}),
      }))
    : [];
  const requestId = details.requestId ?? (typeof parsed.request_id === 'string' ? parsed.request_id : null);
  const summary = apiErrors.length
    ? apiErrors.map((e) => (e.code ? `${e.code}: ${e.message}` : e.message)).join('; ')
    : `HTTP ${status}`;
  const message = `${details.operation}: Intercom answered ${status} (${summary})`;
  const common = { operation: details.operation, retryable: details.retryable, status, requestId, apiErrors };
  if (status === 429) {
    const retryAfterSeconds = details.retryAfterSeconds ?? null;
    const when = retryAfterSeconds === null ? 'retry later' : `retry after ${retryAfterSeconds} s`;
    return new RateLimitedError(`${message}: rate limited, ${when}`, { ...common, retryAfterSeconds });
  }
  return new ApiError(message, common);
}

/**
 * Every error this package throws, as a union discriminated by `code`: after
 * `isIntercomOpsError(e)`, `e.code === 'API_ERROR'` narrows `e` to ApiError (`status: number`),
 * `'INVALID_PARAMS'` to InvalidParamsError (`issues`), and so on.
 */
export type AnyIntercomOpsError =
  | InvalidParamsError
  | UnknownOperationError
  | UnsupportedError
  | NotFoundError
  | AmbiguousError
  | ApiError
  | RateLimitedError
  | TimeoutError
  | NetworkError
  | AbortedError
  | ConfigError
  | InvalidResponseError
  | InternalError;

export function isIntercomOpsError(value: unknown): value is AnyIntercomOpsError {
  return value instanceof IntercomOpsError;
}

/**
 * Intercom keeps one company scroll open per workspace: opening another while one is open is
 * refused (400 `scroll_exists`, "scroll already exists for this app"). Not retried: the open one
 * must finish or expire (a minute after its last page).
 */
export class ScrollExistsError extends ApiError {
  readonly scroll = 'exists' as const;
}
/**
 * The scroll_param a request continued no longer names an open scroll (it expired a minute after
 * its last page, or the scroll ended), or Intercom lost the scroll (a 500 asking to restart it):
 * the scroll must start again from the first page. Not retried.
 */
export class ScrollExpiredError extends ApiError {
  readonly scroll = 'expired' as const;
}
