/**
 * One execution of one named operation (one `run()` or `iterate()` call): resolved options, the
 * v1 bindings, the dry-run plan, the calls completed so far.
 * Every request of the execution (the operation's own, a v1 binding's calls, lookups, next pages,
 * legacy endpoints) goes through `exchange()`, so dry runs, token checks and the completed-call
 * record cannot be bypassed.
 */
import type { Bindings, Pages } from './binding-api.js';
import { ConfigError, type CompletedCall } from './errors.js';
import { send, type WireResponse } from './http.js';
import type { ResolvedOptions, WarningKind } from './options.js';
import { ownValueAt } from './dot-path.js';
import { checkedSchema, reportAnswer } from './response-check.js';
import { scrollError } from './scroll-errors.js';
import { nextPage, rowsOf } from './pagination.js';
import { enterScroll, isScroll } from './rate-limit/on-demand.js';
import { loadAjv, type Params } from './params.js';
import { buildApiRequest, buildRouteRequest, toPlanned, type PlannedRequest, type WireRequest } from './request.js';
import type { Registry } from './registry.js';
import type { ApiOperationEntry, OperationEntry } from './registry-types.js';

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

/** What the execution was started for: `run()` answers a value, `iterate()` streams rows. */
export type ExecutionMode = 'run' | 'iterate';

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

/** A promise nobody can settle: what a dry run answers for a request whose answer is needed. */
function unanswered(): Promise<never> {
  // A new one each time: a shared one would keep every suspended caller reachable forever.
  return new Promise<never>(() => {});
}

export class Execution {
  readonly plan: PlannedRequest[] = [];
  /** The steps named by the request the plan stopped at (empty when nothing can follow it). */
  private pending: readonly string[] = [];
  private stopped = false;
  private markStopped: (() => void) | undefined;
  private stoppedPromise: Promise<void> | undefined;
  /**
   * Resolves when a dry run reaches a request whose answer the rest of the operation depends on.
   * That request is planned and its answer never comes, so the code waiting for it (a binding
   * included) simply stays suspended: there is nothing it could catch. Made when first asked
   * for (only dry runs wait for it).
   */
  get planStopped(): Promise<void> {
    this.stoppedPromise ??= this.stopped
      ? Promise.resolve()
      : new Promise((resolve) => {
          this.markStopped = resolve;
        });
    return this.stoppedPromise;
  }
  /** The calls of a v1 operation that succeeded so far (its errors name them); empty for an API operation. */
  readonly completedCalls: CompletedCall[] = [];

  constructor(
    readonly registry: Registry,
    /** The v1 bindings by operation name. */
    readonly bindings: Bindings,
    readonly entry: OperationEntry,
    readonly options: ResolvedOptions,
    readonly now: () => number,
    /** Told to bindings as `BindingContext.mode`. */
    readonly mode: ExecutionMode = 'run',
  ) {}

  get operation(): string {
    return this.entry.name;
  }

  /** Sends (or, in a dry run, plans) one request; resolves to the parsed answer (null in a dry run). */
  async exchange(request: WireRequest, how: ExchangeOptions): Promise<unknown> {
    if (this.options.dryRun) {
      // Nothing after the stop is planned: whatever asks for it is already past the plan.
      if (this.stopped) return unanswered();
      this.plan.push(toPlanned(request));
      if (how.independent) return null;
      this.stopped = true;
      this.pending = how.then ?? [];
      this.markStopped?.();
      return unanswered();
    }
    if (!this.options.token) {
      throw new ConfigError(`${this.operation}: no token: pass options.token (or use dryRun to plan without one)`, {
        operation: this.operation,
      });
    }
    // One open scroll per workspace: the lock is taken (or renewed) before a scroll page is asked for.
    const scroll = how.entry && isScroll(how.entry) ? await enterScroll(this.options, how.name, how.entry, request) : undefined;
    const context = { operation: how.name, options: this.options, readOnly: how.readOnly, responseContentType: how.responseContentType ?? null };
    let response: WireResponse;
    try {
      response = await send(request, context);
    } catch (error) {
      if (!scroll) throw error;
      // A scroll's own refusals become typed errors (another scroll open, this one gone).
      const failed = scrollError(error, how.name, new URL(request.url).searchParams.get(how.entry!.pagination!.next.to ?? '') ?? undefined);
      await scroll.failed(failed);
      throw failed;
    }
    if (scroll) await scroll.answered(response.body);
    // Only a v1 operation's errors say what was already done; an API operation's paging keeps nothing per page.
    if (this.entry.kind === 'v1') this.completedCalls.push({ operation: how.name, method: request.method, url: request.url, status: response.status });
    if (this.options.validateResponses !== 'off' && how.entry) {
      const loading = loadAjv();
      if (loading instanceof Promise) await loading;
      this.checkAnswer(how.entry, response.status, response.body);
    }
    return response.body;
  }

  /** validateResponses: the answer of an API operation against its resultSchema (legacy routes have none). */
  private checkAnswer(entry: ApiOperationEntry, status: number, body: unknown): void {
    const schema = checkedSchema(entry, status);
    if (!schema) return;
    reportAnswer(entry, schema, body, status, this.registry.validators, {
      mode: this.options.validateResponses,
      operation: this.operation,
      warn: (field, message) => this.warn(field, message, 'response'),
    });
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
   * The pages of a request, each fetched only when the consumer asks for it (one page when the
   * operation does not paginate). In a dry run the first page is planned and the plan ends with
   * nothing pending: later pages are more of the same request, not further steps. Paging stops
   * (after the rows already answered) when the server hands back any cursor seen before in this
   * paging (A, B, A, … would loop forever), and at a page without rows: quietly where the
   * descriptor says an empty page is the last, else (a page that still offers another) as no
   * progress, said through onWarning.
   */
  async *pages(entry: ApiOperationEntry, firstParams: Params): AsyncGenerator<unknown, void, undefined> {
    let params = firstParams;
    let request = buildApiRequest(entry, params, this.options);
    const seen = new Set<string>();
    for (let number = 1; ; number++) {
      const page = await this.exchange(request, {
        name: entry.name,
        readOnly: entry.readOnly,
        independent: false,
        responseContentType: entry.responseContentType ?? null,
        entry,
      });
      yield page;
      const next = entry.pagination ? nextPage(entry.pagination, params, page, seen) : null;
      if (!next) {
        if (entry.pagination) this.warnUnreachablePages(entry, page, number);
        return;
      }
      if (rowsOf(page, entry.pagination).length === 0) {
        if (entry.pagination!.stop.emptyPageEnds) return;
        this.warn(
          entry.pagination!.rowsPath,
          `${entry.name}: paging stopped at page ${number}: it has no rows but offers another page (a server answering fresh cursors without rows would be paged forever)`,
          'paging',
        );
        return;
      }
      seen.add(next.cursor);
      if (next.kind === 'params') {
        params = next.params;
        request = buildApiRequest(entry, params, this.options);
      } else {
        request = buildRouteRequest(entry.name, 'GET', next.path, next.query, this.options);
      }
    }
  }

  /**
   * Paging ended although the page numbers itself below the total it announces (a description
   * that declares no way to ask for the next page): the rows so far are all there is, said
   * through onWarning rather than passed off as the whole list.
   */
  private warnUnreachablePages(entry: ApiOperationEntry, page: unknown, number: number): void {
    const { pageNumberPath, totalPagesPath } = entry.pagination!.stop;
    if (pageNumberPath === null || totalPagesPath === null) return;
    const current = Number(ownValueAt(page, pageNumberPath));
    const total = Number(ownValueAt(page, totalPagesPath));
    if (!Number.isInteger(current) || !Number.isInteger(total) || current >= total) return;
    this.warn(
      totalPagesPath,
      `${entry.name}: paging stopped after ${number} page(s): the answer is page ${current} of ${total}, but it gives no next page and ${this.registry.version} declares no parameter to ask for one`,
      'paging',
    );
  }

  /** Reports through options.onWarning; a failing handler never fails the operation. */
  warn(field: string, message: string, kind: WarningKind = 'dropped-field'): void {
    const onWarning = this.options.onWarning;
    if (!onWarning) return;
    try {
      onWarning({ operation: this.operation, kind, field, message });
    } catch {
      // A failing warning handler must not turn a successful write into a failure.
    }
  }

  /** The dry-run answer: what was planned, and what the request it stopped at said may follow. */
  dryRunPlan(): DryRunPlan {
    const plan: DryRunPlan = { dryRun: true, operation: this.operation, requests: this.plan };
    // Only the binding knows which branches its params leave open: no guessing from the catalog.
    if (this.stopped && this.pending.length) plan.pending = [...this.pending];
    return plan;
  }
}

/** The pages of one request against the registry: what `run()` answers the first page of and `iterate()` streams. */
export class PageStream implements Pages {
  constructor(
    private readonly execution: Execution,
    readonly entry: ApiOperationEntry,
    readonly params: Params,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<unknown> {
    return this.execution.pages(this.entry, this.params);
  }

  rowsOf(page: unknown): unknown[] {
    return rowsOf(page, this.entry.pagination);
  }

  rowsPath(page: unknown): string | null {
    if (this.entry.pagination) return this.entry.pagination.rowsPath;
    const rows = rowsOf(page, null);
    if (!page || typeof page !== 'object' || Array.isArray(page)) return null;
    return Object.entries(page as Record<string, unknown>).find(([, value]) => value === rows)?.[0] ?? null;
  }
}
