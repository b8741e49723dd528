/**
 * The transport: every request of every operation goes through `send()`. Timeouts, aborts,
 * retries, backoff and the mapping of failures to coded errors live here and nowhere else
 * (after openai-node's `client.ts`). Each rule is a named constant with the reason for it.
 *
 * What is retried:
 * - 429, for every method: Intercom's rate limiter refuses the request before it is processed,
 *   so repeating it cannot write twice (Stainless SDKs retry it the same way).
 * - Idempotent methods (GET, PUT, DELETE, HEAD), and POSTs of read-only operations (searches
 *   write nothing), also on 502, 503, 504 and on connection failures (reset, refused, …).
 * - Any other POST/PATCH is retried on those ONLY when the connection was never established
 *   (ECONNREFUSED, DNS EAI_AGAIN): the request provably did not reach Intercom. Once it may have
 *   reached the server (a reset mid-flight, a timeout, a 5xx) it is never sent again: a repeated
 *   create would write twice.
 * - Timeouts are not retried: the per-request budget is the caller's, and a slow request that
 *   may have been applied is not safe to repeat.
 *
 * What is answered:
 * - Redirects are not followed (`redirect: 'manual'`): a 3xx is an API_ERROR. Following one would
 *   resend the request (and its token) elsewhere and report the target's answer as the result.
 * - A 2xx answer is JSON (parsed; null when empty). A non-JSON 2xx body is an API_ERROR, except
 *   for operations whose success answer is declared another media type
 *   (`responseContentType`): `text/*` resolves to the text, anything else to the bytes
 *   (`Uint8Array`, e.g. a gzipped CSV export), undamaged.
 */
import { AbortedError, ApiError, errorFromResponse, IntercomOpsError, NetworkError, RETRYABLE_STATUSES, TimeoutError } from './errors.js';
import { watchSend } from './rate-limit/send-watch.js';
import { redactText } from './redact.js';
import type { ResolvedOptions } from './options.js';
import type { HttpMethod } from './registry-types.js';
import type { WireRequest } from './request.js';

/** 429, 502, 503, 504: defined beside the error factory so `retryable` and retrying never disagree. */
export { RETRYABLE_STATUSES };
/**
 * Statuses retried whatever the method: Intercom's 429 means the rate limiter refused the request
 * and it was not processed, so repeating a create cannot write twice.
 */
export const RETRYABLE_FOR_EVERY_METHOD: ReadonlySet<number> = new Set([429]);
/** Methods that can be repeated without repeating their effect (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE', 'HEAD']);
/** Connection failures after which the request may or may not have reached the server. */
const CONNECTION_FAILURES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ETIMEDOUT', 'ECONNABORTED']);
/** Failures before any byte was sent: safe to retry for every method. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);
/** First backoff wait; doubles per retry (0.5 s, 1 s) so two retries cost at most ~1.5 s. */
export const INITIAL_RETRY_DELAY_MS = 500;
/** Backoff never waits longer than this, whatever the attempt number. */
export const MAX_RETRY_DELAY_MS = 8_000;
/** Up to this fraction of the backoff is randomly shaved off so parallel callers spread out. */
export const RETRY_JITTER = 0.25;
/**
 * Longest server-advised wait (Retry-After / X-RateLimit-Reset) we sleep through. Intercom's
 * rate-limit window is 10 s; beyond a minute the caller should decide, so we give up and report
 * when to retry instead of holding the call open.
 */
export const MAX_ADVISED_WAIT_MS = 60_000;

export interface SendContext {
  /** Operation named in errors (the registry name of the call being made). */
  operation: string;
  options: ResolvedOptions;
  /** The operation writes nothing (a search POST may then be retried like a GET). */
  readOnly: boolean;
  /** The success answer's media type when it is not JSON; null or absent = JSON. */
  responseContentType?: string | null;
}

export interface WireResponse {
  status: number;
  headers: Headers;
  /**
   * 2xx: parsed JSON, or for a non-JSON `responseContentType` the text (`text/*`) or the bytes;
   * null when empty (202, 204). Other statuses: parsed JSON, else the raw text (error details).
   */
  body: unknown;
}

function isIdempotent(method: HttpMethod, readOnly: boolean): boolean {
  return IDEMPOTENT_METHODS.has(method) || readOnly;
}

/** The system error code behind a fetch failure (undici wraps it in `cause`, sometimes twice). */
function failureCode(error: unknown): string | undefined {
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === 'string' && e.code) return e.code;
  }
  return undefined;
}

function failureMessage(error: unknown): string {
  const parts: string[] = [];
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.message === 'string' && e.message && !parts.includes(e.message)) parts.push(e.message);
  }
  return parts.join(': ') || String(error);
}

/** Seconds (or an HTTP date) of Retry-After, else X-RateLimit-Reset (epoch seconds), in ms. */
export function advisedWaitMs(headers: Headers, now = Date.now()): number | null {
  const retryAfterMs = headers.get('retry-after-ms');
  // An empty value is no advice (Number('') is 0): it must not override Retry-After.
  if (retryAfterMs !== null && retryAfterMs.trim() !== '' && Number.isFinite(Number(retryAfterMs))) {
    return Math.max(0, Number(retryAfterMs));
  }
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && reset.trim() !== '' && Number.isFinite(Number(reset))) return Math.max(0, Number(reset) * 1000 - now);
  return null;
}

export function backoffMs(retry: number, random = Math.random): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return base * (1 - random() * RETRY_JITTER);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A 2xx body that is not JSON where JSON was expected (a proxy's HTML page, a captive portal). */
class NotJson {
  constructor(readonly text: string) {}
}

/** `text/plain; charset=utf-8` → `text/plain`. */
function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

async function readBody(response: Response, responseContentType: string | null): Promise<unknown> {
  const success = response.status >= 200 && response.status < 300;
  if (success && responseContentType && !mediaType(responseContentType).startsWith('text/')) {
    // Bytes as they came (a gzipped CSV must not go through a text decoder).
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.byteLength === 0 ? null : bytes;
  }
  const text = await response.text();
  if (text.trim() === '') return null;
  if (success && responseContentType) return text;
  try {
    return JSON.parse(text);
  } catch {
    // Error answers keep their text as details; a success answer must be JSON.
    return success ? new NotJson(text) : text;
  }
}

/** First status of the redirect range: 3xx answers are reported, never followed. */
const FIRST_REDIRECT_STATUS = 300;
/** First status after the redirect range. */
const FIRST_ERROR_STATUS = 400;

const TIMED_OUT = Symbol('timed out');

type Attempt =
  | { kind: 'response'; response: WireResponse }
  | { kind: 'failure'; error: IntercomOpsError; code: string | undefined };

/** One attempt: fetch plus reading the body, under one timer and the caller's signal. */
async function attempt(request: WireRequest, context: SendContext): Promise<Attempt> {
  const { options, operation } = context;
  const controller = new AbortController();
  const timer = options.timeoutMs > 0 ? setTimeout(() => controller.abort(TIMED_OUT), options.timeoutMs) : undefined;
  const onCallerAbort = () => controller.abort(options.signal!.reason);
  options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const where = `${request.method} ${request.url}`;
  try {
    // Raced against the signal too: a custom fetch that ignores `signal` still times out.
    const aborted = new Promise<never>((_, reject) => {
      if (controller.signal.aborted) reject(controller.signal.reason);
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    });
    aborted.catch(() => {});
    const exchange = (async () => {
      const response = await options.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
        // Never follow: a redirect would resend the request (token included) to wherever it
        // points and answer the target's body as if this operation had succeeded.
        redirect: 'manual',
      });
      return { response, body: await readBody(response, context.responseContentType ?? null) };
    })();
    exchange.catch(() => {});
    const { response, body } = await Promise.race([exchange, aborted]);
    return { kind: 'response', response: { status: response.status, headers: response.headers, body } };
  } catch (error) {
    if (options.signal?.aborted) {
      return { kind: 'failure', code: undefined, error: new AbortedError(`${operation}: aborted (${where})`, { operation }) };
    }
    if (controller.signal.aborted && controller.signal.reason === TIMED_OUT) {
      return {
        kind: 'failure',
        code: undefined,
        error: new TimeoutError(`${operation}: no complete answer within ${options.timeoutMs} ms (${where})`, { operation }),
      };
    }
    const code = failureCode(error);
    // The cause's text is copied after redaction; the raw error (which may hold the request) is not kept.
    const causeMessage = redactText(failureMessage(error), options.token);
    return {
      kind: 'failure',
      code,
      error: new NetworkError(`${operation}: ${where} failed${code ? ` (${code})` : ''}: ${causeMessage}`, {
        operation,
        causeMessage,
      }),
    };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function errorFor(response: WireResponse, operation: string, now = Date.now()): IntercomOpsError {
  const common = { operation, status: response.status, requestId: response.headers.get('x-request-id'), apiErrors: [] };
  if (response.status >= FIRST_REDIRECT_STATUS && response.status < FIRST_ERROR_STATUS) {
    return new ApiError(`${operation}: Intercom answered a redirect (${response.status}), which is not followed`, common);
  }
  if (response.body instanceof NotJson) {
    return new ApiError(`${operation}: Intercom's answer is not JSON (${response.status})`, common);
  }
  const waitMs = advisedWaitMs(response.headers, now);
  return errorFromResponse(response.status, response.body, {
    operation,
    requestId: response.headers.get('x-request-id'),
    retryAfterSeconds: waitMs === null ? null : Math.ceil(waitMs / 1000),
  });
}

/**
 * Sends one request with the retry policy above. Resolves to the 2xx response; rejects with a
 * coded IntercomOpsError (never with a raw transport error).
 */
export async function send(request: WireRequest, context: SendContext): Promise<WireResponse> {
  const { options, operation } = context;
  if (options.signal?.aborted) throw new AbortedError(`${operation}: aborted before sending`, { operation });
  const idempotent = isIdempotent(request.method, context.readOnly);
  // Rate budget before each attempt, what it learns after, and the per-call events.
  const watch = watchSend(request, context);
  for (let retry = 0; ; retry++) {
    await watch?.beforeAttempt(retry);
    const result = await attempt(request, context);
    watch?.afterAttempt(result.kind === 'response' ? result.response : result.error);
    const canRetry = retry < options.maxRetries;
    let waitMs: number | null;
    let failure: IntercomOpsError;
    if (result.kind === 'response') {
      const { response } = result;
      if (response.status >= 200 && response.status < 300 && !(response.body instanceof NotJson)) return response;
      failure = errorFor(response, operation);
      const retryable = RETRYABLE_FOR_EVERY_METHOD.has(response.status) || (idempotent && RETRYABLE_STATUSES.has(response.status));
      if (!canRetry || !retryable) throw failure;
      waitMs = advisedWaitMs(response.headers);
      // Told to wait longer than we are willing to hold the call: report when to retry instead.
      if (waitMs !== null && waitMs > MAX_ADVISED_WAIT_MS) throw failure;
      waitMs ??= backoffMs(retry);
    } else {
      failure = result.error;
      const code = result.code;
      const retryableFailure =
        failure.code === 'NETWORK' &&
        code !== undefined &&
        (NEVER_CONNECTED.has(code) || (idempotent && CONNECTION_FAILURES.has(code)));
      if (!canRetry || !retryableFailure) throw failure;
      waitMs = backoffMs(retry);
    }
    watch?.retrying(result.kind === 'response' ? String(result.response.status) : (result.code ?? failure.code), waitMs);
    try {
      await sleep(waitMs, options.signal);
    } catch {
      throw new AbortedError(`${operation}: aborted while waiting to retry`, { operation });
    }
  }
}
