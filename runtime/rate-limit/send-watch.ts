/**
 * What happens around each attempt of a request (http.ts `send()` gets it through on-demand.ts,
 * which loads this module on the first request that has a budget or observers): before it, a slot
 * from the workspace's budget (waiting for it, within `maxRateWaitMs` and `signal`; waiting is
 * not part of the attempt's `timeoutMs`) and the `request` event; after it, the budget learns
 * from the answer's headers and the `response` event; before a retry, the `retry` event.
 */
import { AbortedError, IntercomOpsError, RateLimitedError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import { redactText } from '../redact.js';
import type { WireRequest } from '../request.js';
import { emit, log, type Observers } from './events.js';
import { hasRateHeaders, observe } from './observation.js';
import type { BudgetGrant, BudgetStore } from './budget-store.js';
import type { OutageReporter } from './redis-link.js';
import type { Traffic } from './settings.js';
import { workspaceKey } from './workspace-key.js';

export interface SendWatch {
  /** Before each attempt (`retry` 0 for the first): waits for budget; RATE_LIMITED or ABORTED instead of sending. */
  beforeAttempt(retry: number): Promise<void> | void;
  /** After each attempt: its answer, or the failure that ended it. */
  afterAttempt(outcome: { status: number; headers: Headers } | IntercomOpsError): void;
  /** Another attempt follows after `waitMs`. */
  retrying(reason: string, waitMs: number): void;
}

/** The reporter of a call: Redis outages go to its onWarning (kind "rate-limit") and its logger. */
export function outageReporter(options: ResolvedOptions, operation: string, observers: Observers): OutageReporter {
  return {
    outage: (message) => reportOutage(options, operation, observers, message),
    resumed: (message) => reportResumed(operation, observers, message),
  };
}

function reportResumed(operation: string, observers: Observers, message: string): void {
  log(observers, 'info', `${operation}: ${message}`);
}

function reportOutage(options: ResolvedOptions, operation: string, observers: Observers, message: string): void {
  log(observers, 'warn', `${operation}: ${message}`);
  try {
    options.onWarning?.({ operation, kind: 'rate-limit', field: 'rateLimit', message });
  } catch {
    // A failing warning handler must not fail the call.
  }
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

/**
 * The watch of one request is also its call's outage reporter (the stores take one with every
 * command; the memory store never reports): made with the watch, not per command.
 */
class Watch implements SendWatch, OutageReporter {
  private observersOf: Observers | undefined;
  /** Someone listens (events or log lines): only then are events and lines made. */
  private readonly watched: boolean;
  private readonly workspace: string;
  private urlOf: string | undefined;
  /** Rate waits of all attempts of this request end by then (epoch ms). */
  private deadline: number | undefined;
  private attempt = 0;
  private sentAt = 0;

  constructor(
    private readonly request: WireRequest,
    private readonly operation: string,
    private readonly options: ResolvedOptions,
    private readonly traffic: Traffic,
    /** The traffic's budget store, made (on-demand.ts); null: none. */
    private readonly budget: BudgetStore | null,
  ) {
    this.watched = !!(traffic.logger || traffic.onEvent);
    this.workspace = cachedWorkspaceKey(options.token ?? '', options.baseUrl, traffic.workspace);
  }

  /** Made when first needed: a request nobody watches makes no events, lines or outage reports. */
  private get observers(): Observers {
    return (this.observersOf ??= { logger: this.traffic.logger, onEvent: this.traffic.onEvent, token: this.options.token });
  }

  outage(message: string): void {
    reportOutage(this.options, this.operation, this.observers, message);
  }

  resumed(message: string): void {
    reportResumed(this.operation, this.observers, message);
  }

  /** The URL as events, lines and errors show it. */
  private get url(): string {
    return (this.urlOf ??= redactText(this.request.url, this.options.token));
  }

  private get about() {
    return { operation: this.operation, method: this.request.method, url: this.url, attempt: this.attempt };
  }

  beforeAttempt(retry: number): Promise<void> | void {
    this.attempt = retry + 1;
    const budget = this.budget;
    if (budget) {
      const now = Date.now();
      this.deadline ??= now + this.traffic.maxRateWaitMs;
      const pending = budget.acquire(this.workspace, Math.max(0, this.deadline - now), this);
      // The common case, a slot at once from the memory budget, takes no promise.
      if (pending instanceof Promise || !pending.granted || pending.waitMs > 0) return this.waitForSlot(budget, pending);
    }
    this.sending();
  }

  private async waitForSlot(budget: BudgetStore, first: BudgetGrant | Promise<BudgetGrant>): Promise<void> {
    let grant = await first;
    while (!grant.granted) {
      const left = this.deadline! - Date.now();
      if (!grant.recheck || left <= 0) {
        const seconds = Math.max(1, Math.ceil(grant.waitMs / 1000));
        throw new RateLimitedError(
          `${this.operation}: the workspace's rate budget has no call left for ${seconds} s, longer than maxRateWaitMs (${this.traffic.maxRateWaitMs} ms); nothing was sent (${this.request.method} ${this.url})`,
          { operation: this.operation, retryAfterSeconds: seconds },
        );
      }
      // The budget does not know yet when a slot frees up (it is still learning the window).
      if (this.watched) emit(this.observers, { type: 'rate-wait', ...this.about, waitMs: grant.waitMs, workspace: this.workspace, shared: grant.shared });
      try {
        await budget.news(this.workspace, Math.min(grant.waitMs, Math.max(1, left)), this.options.signal);
      } catch {
        throw new AbortedError(`${this.operation}: aborted while waiting for rate budget (${this.request.method} ${this.url})`, {
          operation: this.operation,
        });
      }
      grant = await budget.acquire(this.workspace, Math.max(0, this.deadline! - Date.now()), this);
    }
    if (grant.waitMs > 0) {
      if (this.watched) {
        emit(this.observers, { type: 'rate-wait', ...this.about, waitMs: grant.waitMs, workspace: this.workspace, shared: grant.shared });
        log(this.observers, 'info', `${this.operation}: waiting ${grant.waitMs} ms for rate budget before ${this.request.method} ${this.url}`);
      }
      try {
        await sleep(grant.waitMs, this.options.signal);
      } catch {
        budget.release(this.workspace, grant, this);
        throw new AbortedError(`${this.operation}: aborted while waiting for rate budget (${this.request.method} ${this.url})`, {
          operation: this.operation,
        });
      }
    }
    this.sending();
  }

  private sending(): void {
    if (this.watched) {
      emit(this.observers, { type: 'request', ...this.about });
      log(this.observers, 'debug', `${this.operation}: ${this.request.method} ${this.url} (attempt ${this.attempt})`);
    }
    this.sentAt = performance.now();
  }

  afterAttempt(outcome: { status: number; headers: Headers } | IntercomOpsError): void {
    const durationMs = Math.round(performance.now() - this.sentAt);
    if (outcome instanceof IntercomOpsError) {
      if (this.watched) {
        emit(this.observers, { type: 'response', ...this.about, status: null, error: outcome.code, durationMs });
        log(this.observers, 'debug', `${this.operation}: ${this.request.method} ${this.url} failed (${outcome.code}) after ${durationMs} ms`);
      }
      return;
    }
    const budget = this.budget;
    if (budget) {
      const seen = observe(outcome.status, outcome.headers, durationMs);
      const state = budget.learn(this.workspace, seen, this);
      if (this.watched && hasRateHeaders(seen)) {
        const limit = seen.limit ?? state.limit;
        emit(this.observers, {
          type: 'rate-budget',
          ...this.about,
          workspace: this.workspace,
          status: seen.status,
          limit,
          remaining: seen.remaining,
          reset: seen.reset,
          windowMs: state.windowMs,
        });
        log(this.observers, 'debug', `${this.operation}: rate budget ${seen.remaining ?? '?'} of ${limit} left, window ${state.windowMs} ms, resets at ${seen.reset ?? '?'}`);
      }
    }
    if (this.watched) {
      emit(this.observers, { type: 'response', ...this.about, status: outcome.status, durationMs });
      log(this.observers, 'debug', `${this.operation}: ${this.request.method} ${this.url} → ${outcome.status} in ${durationMs} ms`);
    }
  }

  retrying(reason: string, waitMs: number): void {
    if (!this.watched) return;
    const wait = Math.round(waitMs);
    emit(this.observers, { type: 'retry', ...this.about, reason, waitMs: wait });
    log(this.observers, 'info', `${this.operation}: retrying ${this.request.method} ${this.url} in ${wait} ms (${reason})`);
  }
}

/** Workspace keys by base URL, then token: one hash per workspace, not per request (bounded). */
const workspaceKeys = new Map<string, Map<string, string>>();
const MAX_CACHED_KEYS = 10_000;
let cachedKeys = 0;

function cachedWorkspaceKey(token: string, baseUrl: string, workspace: string | undefined): string {
  if (workspace !== undefined) return workspace;
  let byToken = workspaceKeys.get(baseUrl);
  if (!byToken) workspaceKeys.set(baseUrl, (byToken = new Map()));
  let key = byToken.get(token);
  if (key === undefined) {
    if (++cachedKeys > MAX_CACHED_KEYS) {
      workspaceKeys.clear();
      workspaceKeys.set(baseUrl, byToken);
      byToken.clear();
      cachedKeys = 1;
    }
    byToken.set(token, (key = workspaceKey(token, baseUrl, undefined)));
  }
  return key;
}

/** The watch of one request whose traffic has a budget (`budget`, already made) or observers (on-demand.ts decides). */
export function createWatch(request: WireRequest, context: { operation: string; options: ResolvedOptions }, budget: BudgetStore | null): SendWatch {
  return new Watch(request, context.operation, context.options, context.options.traffic, budget);
}
