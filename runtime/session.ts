/**
 * One run of one named operation: resolved options, the dry-run plan, the calls completed so far.
 * Every request of the run (the operation's own, a v1 binding's calls, lookups, next pages,
 * legacy endpoints) goes through `exchange()`, so dry runs, token checks and the completed-call
 * record cannot be bypassed.
 */
import { ConfigError, type CompletedCall } from './errors.js';
import { send } from './http.js';
import type { ResolvedOptions } from './options.js';
import { enterScroll, isScroll } from './rate-limit/scroll-guard.js';
import { nextPage } from './pagination.js';
import type { Params } from './params.js';
import { buildApiRequest, buildRouteRequest, toPlanned, type PlannedRequest, type WireRequest } from './request.js';
import type { Registry } from './registry.js';
import type { ApiOperationEntry, OperationEntry } from './registry-types.js';

/**
 * Thrown (not an Error, never seen by callers) when a dry run reaches a request whose answer the
 * rest of the operation depends on: planning stops there.
 */
export class PlanComplete {
  readonly kind = 'plan-complete';
}

/** Calls that were planned in a dry run and what stopped the plan. */
export interface DryRunPlan {
  dryRun: true;
  operation: string;
  requests: PlannedRequest[];
  /**
   * Later steps the plan cannot know yet (whether and how they are sent depends on the answer to
   * the last request planned), by operationId (legacy endpoints as `METHOD /route/{}`): what the
   * binding declared may follow that request given these params (`CallOptions.then`).
   */
  pending?: string[];
}

/** A paginated request resolved against the registry: what `run` pages through or `iterate` streams. */
export class PagedRequest {
  constructor(
    readonly entry: ApiOperationEntry,
    readonly params: Params,
  ) {}
}

/** What the session was started for: `run()` answers a value, `iterate()` streams rows. */
export type SessionMode = 'run' | 'iterate';

export interface ExchangeOptions {
  /** Registry name (or legacy route) the request is made for; named in errors and completed calls. */
  name: string;
  readOnly: boolean;
  /** In a dry run: keep planning after this request (its answer is not needed). */
  independent: boolean;
  /** In a dry run that stops at this request: the steps that may follow it (become `pending`). */
  then?: readonly string[];
  /** The success answer's media type when it is not JSON (`ApiOperationEntry.responseContentType`). */
  responseContentType?: string | null;
  /** The API operation the request is made for (a scroll takes the workspace's scroll lock). */
  entry?: ApiOperationEntry;
}

export class Session {
  readonly plan: PlannedRequest[] = [];
  planEnded = false;
  /** The steps named by the request the plan stopped at (empty when nothing can follow it). */
  pending: readonly string[] = [];
  readonly completedCalls: CompletedCall[] = [];

  constructor(
    readonly registry: Registry,
    readonly entry: OperationEntry,
    readonly options: ResolvedOptions,
    readonly now: () => number,
    /** Told to bindings as `BindingContext.mode`. */
    readonly mode: SessionMode = 'run',
  ) {}

  get operation(): string {
    return this.entry.name;
  }

  /** Sends (or, in a dry run, plans) one request; resolves to the parsed answer (null in a dry run). */
  async exchange(request: WireRequest, how: ExchangeOptions): Promise<unknown> {
    if (this.options.dryRun) {
      this.plan.push(toPlanned(request));
      if (!how.independent) {
        this.planEnded = true;
        this.pending = how.then ?? [];
        throw new PlanComplete();
      }
      return null;
    }
    if (!this.options.token) {
      throw new ConfigError(`${this.operation}: no token: pass options.token (or use dryRun to plan without one)`, {
        operation: this.operation,
      });
    }
    // One open scroll per workspace: the lock is taken (or renewed) before a scroll page is asked for.
    const scroll = how.entry && isScroll(how.entry) ? await enterScroll(this.options, how.name, how.entry, request) : undefined;
    const response = await send(request, {
      operation: how.name,
      options: this.options,
      readOnly: how.readOnly,
      responseContentType: how.responseContentType ?? null,
    }).catch(async (error) => {
      await scroll?.failed(error);
      throw error;
    });
    await scroll?.answered(response.body);
    this.completedCalls.push({ operation: how.name, method: request.method, url: request.url, status: response.status });
    return response.body;
  }

  /** One call of an API operation with validated params (`then`: the steps that may follow it). */
  callApi(entry: ApiOperationEntry, params: Params, independent: boolean, then?: readonly string[]): Promise<unknown> {
    return this.exchange(buildApiRequest(entry, params, this.options), {
      name: entry.name,
      readOnly: entry.readOnly,
      independent,
      then,
      responseContentType: entry.responseContentType ?? null,
      entry,
    });
  }

  /**
   * The pages of a paginated request, each fetched only when the consumer asks for it. In a dry
   * run the first page is planned and the plan ends with nothing pending: later pages are more of
   * the same request, not further steps. Paging stops (after the rows already answered) when the
   * server hands back any cursor seen before in this paging session: A, B, A, … would loop forever.
   */
  async *pages(paged: PagedRequest): AsyncGenerator<unknown, void, undefined> {
    const { entry } = paged;
    let params = paged.params;
    let request = buildApiRequest(entry, params, this.options);
    const seen = new Set<string>();
    for (;;) {
      const page = await this.exchange(request, {
        name: entry.name,
        readOnly: entry.readOnly,
        independent: false,
        responseContentType: entry.responseContentType ?? null,
        entry,
      });
      yield page;
      const next = entry.pagination ? nextPage(entry.pagination, params, page, seen) : null;
      if (!next) return;
      seen.add(next.cursor);
      if (next.kind === 'params') {
        params = next.params;
        request = buildApiRequest(entry, params, this.options);
      } else {
        request = buildRouteRequest(entry.name, 'GET', next.path, next.query, this.options);
      }
    }
  }

  /** The dry-run answer: what was planned, and what the request it stopped at said may follow. */
  dryRunPlan(): DryRunPlan {
    const plan: DryRunPlan = { dryRun: true, operation: this.operation, requests: this.plan };
    // Only the binding knows which branches its params leave open: no guessing from the catalog.
    if (this.planEnded && this.pending.length) plan.pending = [...this.pending];
    return plan;
  }
}
