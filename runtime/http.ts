/**
 * The transport: every request of every operation goes through `send()`. Timeouts, aborts,
 * retries, backoff, the answer size limit and the mapping of failures to coded errors live here
 * and nowhere else (after openai-node's `client.ts`). Each rule is a named constant with the
 * reason for it.
 *
 * One rule decides whether a failed request may be sent again (`safeToResend`); it is both the
 * `retryable` of the error and what the retry loop follows:
 * - 429, for every method: Intercom's rate limiter refuses the request before it is processed,
 *   so repeating it cannot write twice (Stainless SDKs retry it the same way).
 * - Idempotent methods (GET, PUT, DELETE, HEAD), and POSTs of read-only operations (searches
 *   write nothing): also 502, 503, 504, any failure before a complete answer arrived (reset,
 *   refused, a custom fetch's plain TypeError, a body cut mid-way) and a timeout.
 * - Any other POST/PATCH: only when the connection was never established (ECONNREFUSED, DNS
 *   EAI_AGAIN): the request provably did not reach Intercom. Once it may have reached the server
 *   (a reset mid-flight, a failure without a recognised cause, a timeout, a 5xx) it is never sent
 *   again and its error is not `retryable`: a repeated create would write twice.
 * The loop itself does not retry timeouts (the per-request budget is the caller's: a caller that
 * gave 5 s does not want 15) nor waits the server advises beyond MAX_ADVISED_WAIT_MS; the error
 * still says `retryable` where sending again is safe.
 *
 * What is answered:
 * - Redirects are not followed (`redirect: 'manual'`): a 3xx is an API_ERROR. Following one would
 *   resend the request (and its token) elsewhere and report the target's answer as the result.
 * - Bodies are read as a stream, counting bytes: an answer larger than `maxResponseBytes` (by its
 *   Content-Length, or once that many bytes have arrived) is not read further. A 2xx that large is
 *   INVALID_RESPONSE; an error answer that large is reported by its status without details.
 * - A 2xx answer is JSON (parsed; null when empty). A non-JSON 2xx body is INVALID_RESPONSE,
 *   except for operations whose success answer is declared another media type
 *   (`responseContentType`): `text/*` resolves to the text, anything else to the bytes
 *   (`Uint8Array`, e.g. a gzipped CSV export), undamaged.
 */
import { AbortedError, ApiError, errorFromResponse, IntercomOpsError, InvalidResponseError, NetworkError, TimeoutError } from './errors.js';
import { joinDeadline, leaveDeadline, TIMED_OUT } from './deadlines.js';
import { watchSend } from './rate-limit/on-demand.js';
import { redactText } from './redact.js';
import { timedDispatch, type TimedDispatch } from './timed-dispatch.js';
import type { ResolvedOptions } from './options.js';
import type { HttpMethod } from './registry-types.js';
import type { WireRequest } from './request.js';

/**
 * Statuses after which a request that cannot repeat its effect may be sent again: the rate
 * limiter's refusal and transient gateway failures (500 is not among them: it reports a failure
 * of this request that repeating it is not known to cure).
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
/**
 * Statuses retried whatever the method: Intercom's 429 means the rate limiter refused the request
 * and it was not processed, so repeating a create cannot write twice.
 */
export const RETRYABLE_FOR_EVERY_METHOD: ReadonlySet<number> = new Set([429]);
/** Methods that can be repeated without repeating their effect (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'PUT', 'DELETE', 'HEAD']);
/** Failures before any byte was sent: safe to send again for every method. */
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

/** How an attempt failed, as far as sending it again is concerned. */
export type FailureKind =
  /** A complete answer with this (non-2xx) status. */
  | { kind: 'status'; status: number }
  /** No complete answer: the fetch or the body read failed (`code`: the system error code, if any). */
  | { kind: 'connection'; code: string | undefined }
  | { kind: 'timeout' }
  /** A complete 2xx answer that is not what was promised (not JSON, too large): the request was carried out. */
  | { kind: 'invalid-response' }
  | { kind: 'aborted' };

function isIdempotent(method: HttpMethod, readOnly: boolean): boolean {
  return IDEMPOTENT_METHODS.has(method) || readOnly;
}

/**
 * The one rule: may this request be sent again after this failure? True only when repeating it
 * is safe (it cannot apply a write twice) and may succeed. The error's `retryable` is this value.
 */
export function safeToResend(failure: FailureKind, method: HttpMethod, readOnly: boolean): boolean {
  const idempotent = isIdempotent(method, readOnly);
  switch (failure.kind) {
    case 'status':
      return RETRYABLE_FOR_EVERY_METHOD.has(failure.status) || (idempotent && RETRYABLE_STATUSES.has(failure.status));
    case 'connection':
      return (failure.code !== undefined && NEVER_CONNECTED.has(failure.code)) || idempotent;
    case 'timeout':
      return idempotent;
    case 'invalid-response':
    case 'aborted':
      return false;
  }
}

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

/** A body that is not what the operation promises; `send()` turns it into the coded error. */
class UnreadableBody {
  constructor(
    readonly problem: 'not-json' | 'too-large',
    /** not-json: the answer's media type; too-large: the byte count seen when reading stopped. */
    readonly detail: string,
  ) {}
}

/** `text/plain; charset=utf-8` → `text/plain`. */
function mediaType(contentType: string): string {
  return contentType.split(';')[0].trim().toLowerCase();
}

/**
 * The body's bytes, or `too-large` as soon as it is known to exceed `limit`: by Content-Length
 * before reading, else by counting while the stream arrives (a compressed or chunked answer).
 * Reading stops there and the stream is cancelled, which closes the connection. `stopOn`: the
 * signal of an attempt whose fetch may ignore it (its read is raced); the stream is cancelled when
 * it aborts, so the source of a body nobody will read any more is let go (the native fetch errors
 * its own).
 */
async function readBytes(response: Response, limit: number, stopOn: AbortSignal | undefined): Promise<Uint8Array | UnreadableBody> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => {});
    return new UnreadableBody('too-large', `${declared} bytes declared`);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const stop = (): void => void reader.cancel().catch(() => {});
  if (stopOn?.aborted) stop();
  else stopOn?.addEventListener('abort', stop, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        return new UnreadableBody('too-large', `more than ${limit} bytes`);
      }
      chunks.push(value);
    }
  } finally {
    stopOn?.removeEventListener('abort', stop);
  }
  // Cut short by the signal: what was read is not the body.
  if (stopOn?.aborted) throw stopOn.reason;
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** One decoder for every answer: decoding without `stream` keeps no state between calls. */
const utf8 = new TextDecoder();

/**
 * The answer's length is known before reading and within `limit`: Content-Length declared, no
 * content coding (a compressed answer's length says nothing about what it inflates to), and a
 * fetch that holds the body to its declared length (undici's HTTP parser does; a custom fetch's
 * Response may declare anything).
 */
function framedWithin(response: Response, limit: number, framedFetch: boolean): boolean {
  if (!framedFetch) return false;
  const length = response.headers.get('content-length');
  if (length === null || Number(length) > limit || !Number.isFinite(Number(length))) return false;
  const coding = response.headers.get('content-encoding');
  return coding === null || coding.trim().toLowerCase() === 'identity';
}

/** The answer's bytes as they came: a declared non-text media type (a gzipped CSV must not go through a text decoder). */
function readsBytes(success: boolean, responseContentType: string | null): boolean {
  return success && !!responseContentType && !mediaType(responseContentType).startsWith('text/');
}

/** A text answer as `send()` resolves it: null when empty, the text for a declared text type, else parsed JSON. */
function textBody(response: Response, text: string, success: boolean, responseContentType: string | null): unknown {
  if (text.trim() === '') return null;
  if (success && responseContentType) return text;
  try {
    return JSON.parse(text);
  } catch {
    // Error answers keep their text as details; a success answer must be JSON.
    return success ? new UnreadableBody('not-json', mediaType(response.headers.get('content-type') ?? '') || 'no content type') : text;
  }
}

/**
 * The body of an answer whose length is not known to be within `limit` (see framedWithin), or
 * of bytes: read through the byte counter. (The common case, a framed text answer, is read in
 * `attempt()` with one `text()`.)
 */
async function readBody(response: Response, responseContentType: string | null, limit: number, framed: boolean, stopOn: AbortSignal | undefined): Promise<unknown> {
  const success = isSuccess(response.status);
  const binary = readsBytes(success, responseContentType);
  if (framed && binary) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.byteLength === 0 ? null : bytes;
  }
  const bytes = await readBytes(response, limit, stopOn);
  if (bytes instanceof UnreadableBody) return bytes;
  if (binary) return bytes.byteLength === 0 ? null : bytes;
  return textBody(response, utf8.decode(bytes), success, responseContentType);
}

/** First status of the redirect range: 3xx answers are reported, never followed. */
const FIRST_REDIRECT_STATUS = 300;
/** First status after the redirect range. */
const FIRST_ERROR_STATUS = 400;

function isSuccess(status: number): boolean {
  return status >= 200 && status < FIRST_REDIRECT_STATUS;
}

/**
 * The fetch this module was loaded with (the runtime's undici). It rejects, and errors the body
 * stream, as soon as its signal aborts (or timed-dispatch.ts aborts the request), so an attempt
 * through it needs no race against the signal. Any other fetch (a caller's, a test's stand-in, a
 * global replaced later) is raced.
 */
const nativeFetch: typeof globalThis.fetch | undefined = globalThis.fetch;

/** An attempt that got no complete answer: what happened, and the message for the error. */
class AttemptFailure {
  constructor(
    readonly failure: FailureKind & { kind: 'connection' | 'timeout' | 'aborted' },
    readonly message: string,
    readonly causeMessage?: string,
  ) {}
}

/** An attempt's outcome: the answer (any status), or no complete answer. */
type Attempt = WireResponse | AttemptFailure;

function abortTimedOut(controller: AbortController): void {
  controller.abort(TIMED_OUT);
}

/**
 * The signal of an attempt made under a caller's signal: a controller of its own that the
 * caller's signal (and the timer, if there is a timeout) aborts. The caller's signal is never
 * handed to the fetch itself: undici leaves a listener on the signal it is given until it collects
 * the request, so a long-lived signal would gather one per call; ours is removed when the
 * attempt settles (`done`).
 */
class FollowingSignal {
  readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onCallerAbort = (): void => this.controller.abort(this.callerSignal.reason);

  constructor(
    private readonly callerSignal: AbortSignal,
    timeoutMs: number,
  ) {
    this.timer = timeoutMs > 0 ? setTimeout(abortTimedOut, timeoutMs, this.controller) : undefined;
    if (callerSignal.aborted) this.controller.abort(callerSignal.reason);
    else callerSignal.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  done(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.callerSignal.removeEventListener('abort', this.onCallerAbort);
  }
}

/**
 * `work`, or the signal's reason as soon as it aborts: for a fetch that may ignore its signal.
 * The listener is removed once `work` settles, so nothing the answer holds stays reachable
 * through the signal (undici keeps the signal it was given reachable for a while).
 */
function raced<T>(work: T | Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    // A custom fetch may answer a Response itself rather than a promise of one.
    Promise.resolve(work).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** How an attempt awaits each of its steps (the fetch, the body): as they are, or raced against the signal. */
type Settle = <T>(work: T | Promise<T>) => T | Promise<T>;
const asTheyAre: Settle = (work) => work;

/**
 * A custom fetch's answer that arrives after its attempt gave up (the race was lost): its body is
 * cancelled unread, so that the connection behind it is let go instead of held until collected.
 */
function discardLate(late: Promise<Response>): void {
  // One catch for all: the fetch's own rejection, an answer that is no Response, a failed cancel.
  late.then((response) => response?.body?.cancel()).catch(() => {});
}

/**
 * One attempt: fetch plus reading the body (the framed text answer, the common case, with one
 * `text()`; anything else through readBody), under its timeout and the caller's signal. How it
 * times out: without a caller's signal, by the shared deadline of its timeout (deadlines.ts),
 * through the runtime's own fetch without any signal (timed-dispatch.ts) and through any other
 * fetch (or where timed-dispatch.ts does not apply) by the deadline's signal; with a caller's
 * signal, by a FollowingSignal; not at all without a timeout. Everything it sets up is undone
 * when it settles (deadline and its watchers left, timer cleared, listener removed). Where a
 * race is needed it is run step by step (the fetch, then the body), so the attempt is one
 * function from signal to answer.
 */
async function attempt(request: WireRequest, context: SendContext): Promise<Attempt> {
  const { options, operation } = context;
  const native = options.fetch === nativeFetch;
  const deadline = !options.signal && options.timeoutMs > 0 ? joinDeadline(options.timeoutMs) : undefined;
  const timed = deadline && native ? timedDispatch(deadline) : undefined;
  const following = options.signal ? new FollowingSignal(options.signal, options.timeoutMs) : undefined;
  const signal = timed ? undefined : deadline ? deadline.signal : following?.controller.signal;
  // A custom fetch that ignores `signal` must still time out: only then is each step raced.
  const racing = !native && signal !== undefined;
  const settle: Settle = racing ? (work) => raced(work, signal) : asTheyAre;
  let unanswered: Promise<Response> | undefined;
  try {
    // Never follow: a redirect would resend the request (token included) to wherever it
    // points and answer the target's body as if this operation had succeeded. `dispatcher` is
    // undici's own option: only the runtime's fetch is given one, and then no signal.
    const init: RequestInit & { dispatcher?: TimedDispatch } = timed
      ? { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', dispatcher: timed }
      : { method: request.method, headers: request.headers, body: request.body, signal, redirect: 'manual' };
    const answer = options.fetch(request.url, init);
    // Raced: the answer as a promise (a custom fetch may answer a Response itself), kept until it comes.
    const fetching = racing ? (unanswered = Promise.resolve(answer)) : answer;
    const response = await (timed ? timed.untilDeadline(answer) : settle(fetching));
    unanswered = undefined;
    const status = response.status;
    const success = isSuccess(status);
    const responseContentType = context.responseContentType ?? null;
    const framed = framedWithin(response, options.maxResponseBytes, native);
    // The body is raced where the fetch may ignore its signal, and where a timed request's deadline
    // cannot end it through undici (timed-dispatch.ts endsBody): then against the deadline's signal.
    const bodySignal = racing ? signal : timed && !timed.endsBody ? deadline!.signal : undefined;
    const settleBody: Settle = bodySignal ? (work) => raced(work, bodySignal) : asTheyAre;
    const body =
      framed && !readsBytes(success, responseContentType)
        ? textBody(response, await settleBody(response.text()), success, responseContentType)
        : await settleBody(readBody(response, responseContentType, options.maxResponseBytes, framed, bodySignal));
    return { status, headers: response.headers, body };
  } catch (error) {
    if (unanswered) discardLate(unanswered);
    const where = `${request.method} ${request.url}`;
    if (options.signal?.aborted) return new AttemptFailure({ kind: 'aborted' }, `${operation}: aborted (${where})`);
    if (timed?.timedOut || (signal?.aborted && signal.reason === TIMED_OUT)) {
      return new AttemptFailure({ kind: 'timeout' }, `${operation}: no complete answer within ${options.timeoutMs} ms (${where})`);
    }
    const code = failureCode(error);
    // The cause's text is copied after redaction; the raw error (which may hold the request) is not kept.
    const causeMessage = redactText(failureMessage(error), options.token);
    return new AttemptFailure({ kind: 'connection', code }, `${operation}: ${where} failed${code ? ` (${code})` : ''}: ${causeMessage}`, causeMessage);
  } finally {
    timed?.done();
    if (deadline) leaveDeadline(deadline);
    else following?.done();
  }
}

/** What a complete answer that is not a usable success means for sending again. */
function failureOf(response: WireResponse): FailureKind {
  return isSuccess(response.status) ? { kind: 'invalid-response' } : { kind: 'status', status: response.status };
}

function errorForResponse(response: WireResponse, operation: string, retryable: boolean): IntercomOpsError {
  const { status, body } = response;
  const requestId = response.headers.get('x-request-id');
  const common = { operation, retryable, status, requestId, apiErrors: [] };
  if (body instanceof UnreadableBody && isSuccess(status)) {
    const issue = body.problem === 'too-large' ? `is larger than maxResponseBytes (${body.detail})` : `is not JSON (${body.detail})`;
    return new InvalidResponseError(
      `${operation}: Intercom's answer ${issue}, status ${status}${body.problem === 'too-large' ? '; not read further' : ''}`,
      { ...common, issues: [{ path: '', message: issue }] },
    );
  }
  if (status >= FIRST_REDIRECT_STATUS && status < FIRST_ERROR_STATUS) {
    return new ApiError(`${operation}: Intercom answered a redirect (${status}), which is not followed`, common);
  }
  const waitMs = advisedWaitMs(response.headers);
  const error = errorFromResponse(status, body instanceof UnreadableBody ? null : body, {
    operation,
    retryable,
    requestId,
    retryAfterSeconds: waitMs === null ? null : Math.ceil(waitMs / 1000),
  });
  if (body instanceof UnreadableBody) error.message += ` (error answer larger than maxResponseBytes, not read)`;
  return error;
}

function errorForFailure(result: AttemptFailure, operation: string, retryable: boolean): IntercomOpsError {
  switch (result.failure.kind) {
    case 'aborted':
      return new AbortedError(result.message, { operation });
    case 'timeout':
      return new TimeoutError(result.message, { operation, retryable });
    case 'connection':
      return new NetworkError(result.message, { operation, retryable, causeMessage: result.causeMessage });
  }
}

/**
 * Sends one request with the retry policy above. Resolves to the 2xx response; rejects with a
 * coded IntercomOpsError (never with a raw transport error).
 */
export async function send(request: WireRequest, context: SendContext): Promise<WireResponse> {
  const { options, operation } = context;
  if (options.signal?.aborted) throw new AbortedError(`${operation}: aborted before sending`, { operation });
  // Rate budget before each attempt, what it learns after, and the per-call events.
  let watch = watchSend(request, context);
  // A promise only on the first request that needs the watch's module or budget store.
  if (watch instanceof Promise) watch = await watch;
  for (let retry = 0; ; retry++) {
    // The common case (a slot at once, or no budget) answers no promise: nothing to wait for.
    const waiting = watch?.beforeAttempt(retry);
    if (waiting) await waiting;
    const result = await attempt(request, context);
    const answered = !(result instanceof AttemptFailure);
    if (answered && isSuccess(result.status) && !(result.body instanceof UnreadableBody)) {
      watch?.afterAttempt(result);
      return result;
    }
    const failure = answered ? failureOf(result) : result.failure;
    const retryable = safeToResend(failure, request.method, context.readOnly);
    const error = answered ? errorForResponse(result, operation, retryable) : errorForFailure(result, operation, retryable);
    watch?.afterAttempt(answered ? result : error);
    if (!retryable || failure.kind === 'timeout' || retry >= options.maxRetries) throw error;
    const advised = answered ? advisedWaitMs(result.headers) : null;
    // Told to wait longer than we are willing to hold the call: report when to retry instead.
    if (advised !== null && advised > MAX_ADVISED_WAIT_MS) throw error;
    const waitMs = advised ?? backoffMs(retry);
    watch?.retrying(answered ? String(result.status) : failure.kind === 'connection' ? (failure.code ?? error.code) : error.code, waitMs);
    try {
      await sleep(waitMs, options.signal);
    } catch {
      throw new AbortedError(`${operation}: aborted while waiting to retry`, { operation });
    }
  }
}
