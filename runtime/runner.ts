/**
 * `run`, `iterate` and `createRunner`: look the name up, resolve options, hand the params to the
 * entry's executor, and shape what comes back (a dry-run plan, a first page, rows gathered at a
 * `resultsPath`). Errors leave through one exit that names the operation and scrubs the token.
 */
import { ConfigError, IntercomOpsError, UnknownOperationError, UnsupportedError } from './errors.js';
import { executorFor, type Outcome } from './executors.js';
import { resolveOptions, type RunOptions } from './options.js';
import { RateResources } from './rate-limit/settings.js';
import { rowsOf, valueAt } from './pagination.js';
import { copyParams } from './params.js';
import { redactError, redactText } from './redact.js';
import { getDefaultRegistry, loadRegistry, type BindingSource, type Registry } from './registry.js';
import type { OperationEntry, Pagination, RegistryData } from './registry-types.js';
import { PagedRequest, PlanComplete, Session, type DryRunPlan, type SessionMode } from './session.js';
import { suggestNames } from './suggest.js';

export interface RunnerConfig extends RunOptions {
  /**
   * Internal: the registry to run against (a loaded Registry, RegistryData, or a folder holding
   * registry.json, e.g. another spec version's generated output). Default: generated/registry.json.
   */
  registry?: Registry | RegistryData | string;
  /** Internal: v1 bindings by name (default: operations/index.ts, loaded on first v1 call). */
  bindings?: BindingSource;
  /** Internal: epoch seconds for BindingContext.now() (tests). */
  now?: () => number;
}

export interface Runner {
  run<T = any>(name: string, params?: Record<string, unknown>, options?: RunOptions): Promise<T>;
  iterate<T = any>(name: string, params?: Record<string, unknown>, options?: RunOptions): AsyncIterable<T>;
  readonly operations: Readonly<Record<string, OperationEntry>>;
  /** Releases what the runner opened (Redis connections it made from a `rateLimit.redis` URL). */
  close(): Promise<void>;
}

/** v1 list keys that 2.x renamed to the page's rows property (`users` → `data`). */
const V1_LIST_KEYS = new Set(['users', 'contacts', 'leads', 'companies', 'tags', 'notes', 'data_attributes']);

/**
 * Per-call options over the runner's defaults, key by key: only keys whose value is defined
 * override. `{ region: step.region }` with no region configured must keep the runner's region
 * (and baseUrl, token, …): a spread would reset it and send one workspace's token to another
 * region.
 */
export function mergeOptions(defaults: RunOptions, options: RunOptions): RunOptions {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(options ?? {})) if (value !== undefined) merged[key] = value;
  return merged as RunOptions;
}

function isRegistry(value: unknown): value is Registry {
  return !!value && typeof (value as Registry).get === 'function' && typeof (value as Registry).binding === 'function';
}

/** A v1 list key the page does not have is read as the page's rows property. */
function aliasedPath(page: unknown, resultsPath: string, pagination: Pagination | null): string {
  const [first, ...rest] = resultsPath.split('.');
  if (!V1_LIST_KEYS.has(first) || !page || typeof page !== 'object' || first in page) return resultsPath;
  let rowsKey = pagination?.rowsPath;
  if (!rowsKey) {
    const rows = rowsOf(page, null);
    rowsKey = Object.entries(page as Record<string, unknown>).find(([, v]) => v === rows)?.[0];
  }
  return rowsKey ? [rowsKey, ...rest].join('.') : resultsPath;
}

async function firstPage(session: Session, paged: PagedRequest): Promise<unknown> {
  for await (const page of session.pages(paged)) return page;
  return null;
}

async function gather(session: Session, paged: PagedRequest, resultsPath: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  const max = session.options.maxItems;
  for await (const page of session.pages(paged)) {
    const found = valueAt(page, aliasedPath(page, resultsPath, paged.entry.pagination));
    if (Array.isArray(found)) rows.push(...found);
    else if (found !== undefined) rows.push(found);
    // Stop asking for pages once the cap is reached.
    if (rows.length >= max) {
      rows.length = max;
      break;
    }
  }
  return rows;
}

async function shape(outcome: Outcome, session: Session): Promise<unknown> {
  const { value, resultsPath } = outcome;
  if (value instanceof PagedRequest) {
    return resultsPath ? gather(session, value, resultsPath) : firstPage(session, value);
  }
  if (resultsPath) {
    const found = valueAt(value, aliasedPath(value, resultsPath, null));
    return found === undefined ? [] : found;
  }
  return value;
}

function describeCall(call: { operation: string; method: string; url: string; status: number }): string {
  return `${call.operation} ${call.method} ${call.url} (${call.status})`;
}

/** A failure part-way through a multi-call operation says what had already been done. */
function withContext(error: unknown, session: Session | undefined): unknown {
  if (!(error instanceof IntercomOpsError) || !session || session.entry.kind !== 'v1') return error;
  const before = error.message;
  if (error.operation !== session.operation) {
    if (!error.message.startsWith(`${session.operation}:`)) error.message = `${session.operation}: ${error.message}`;
    error.operation = session.operation;
  }
  if (session.completedCalls.length && !error.completedCalls) {
    error.completedCalls = [...session.completedCalls];
    const n = session.completedCalls.length;
    error.message += ` — ${n} earlier call${n === 1 ? ' had' : 's had'} already succeeded: ${session.completedCalls.map(describeCall).join('; ')}`;
  }
  if (typeof error.stack === 'string' && before !== error.message) error.stack = error.stack.replace(before, error.message);
  return error;
}

function toPublicError(error: unknown, operation: string, token: string | undefined): IntercomOpsError {
  let coded: IntercomOpsError;
  if (error instanceof IntercomOpsError) {
    coded = error;
  } else {
    // A bug in a binding (a TypeError, …): still a coded error, with the original text kept as data.
    const message = error instanceof Error ? error.message : String(error);
    coded = new UnsupportedError(`${operation}: unexpected failure: ${redactText(message, token)}`, {
      operation,
      causeMessage: redactText(message, token),
    });
  }
  coded.operation ??= operation;
  return redactError(coded, token);
}

export function createRunner(config: RunnerConfig = {}): Runner {
  const { registry: registryInput, bindings, now: clock, ...defaults } = config;
  let registry: Registry | undefined = isRegistry(registryInput) ? registryInput : undefined;
  const getRegistry = (): Registry => {
    if (registry) return registry;
    registry = registryInput === undefined ? getDefaultRegistry() : loadRegistry(registryInput as RegistryData | string, { bindings });
    return registry;
  };
  const now = clock ?? (() => Math.floor(Date.now() / 1000));
  const rateResources = new RateResources();

  function begin(name: string, options: RunOptions, mode: SessionMode): Session {
    const reg = getRegistry();
    const entry = reg.get(name);
    if (!entry) {
      const suggestions = suggestNames(String(name), reg.names);
      throw new UnknownOperationError(
        `unknown operation ${JSON.stringify(String(name))}${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : ''}`,
        { operation: String(name), suggestions },
      );
    }
    return new Session(reg, entry, resolveOptions(options, reg.version, entry.name, rateResources), now, mode);
  }

  async function run(name: string, params: Record<string, unknown> = {}, options: RunOptions = {}): Promise<any> {
    const merged = mergeOptions(defaults, options);
    let session: Session | undefined;
    try {
      session = begin(name, merged, 'run');
      const own = copyParams(params, session.operation);
      try {
        const value = await shape(await executorFor(session.entry)(own, session), session);
        return session.options.dryRun ? session.dryRunPlan() : value;
      } catch (error) {
        // A dry run stops at the first request whose answer decides what comes next.
        if (session.options.dryRun && (session.planEnded || error instanceof PlanComplete)) return session.dryRunPlan();
        throw error;
      }
    } catch (error) {
      throw toPublicError(withContext(error, session), String(name), merged.token);
    }
  }

  function iterate(name: string, params: Record<string, unknown> = {}, options: RunOptions = {}): AsyncIterable<any> {
    const merged = mergeOptions(defaults, options);
    // Nothing happens until the consumer asks for the first row.
    async function* rows(): AsyncGenerator<unknown, void, undefined> {
      let session: Session | undefined;
      try {
        session = begin(name, merged, 'iterate');
        if (session.options.dryRun) {
          throw new ConfigError(`${session.operation}: dryRun plans a run(); iterate() has nothing to plan`, {
            operation: session.operation,
          });
        }
        if (session.entry.kind === 'api' && !session.entry.pagination) {
          throw new UnsupportedError(`${session.operation}: not a paginated operation; use run()`, { operation: session.operation });
        }
        // iterate() streams rows; a write belongs to run(). Refused before the binding runs, so
        // nothing is sent (a v1 delete or archive would otherwise be carried out, then fail here).
        if (session.entry.kind === 'v1' && !session.entry.readOnly) {
          throw new UnsupportedError(`${session.operation}: writes, so it has no rows to iterate; use run()`, {
            operation: session.operation,
          });
        }
        const outcome = await executorFor(session.entry)(copyParams(params, session.operation), session);
        const value = outcome.value;
        if (value instanceof PagedRequest) {
          for await (const page of session.pages(value)) yield* rowsOf(page, value.entry.pagination);
        } else if (Array.isArray(value)) {
          yield* value;
        } else {
          throw new UnsupportedError(`${session.operation}: does not answer rows to iterate; use run()`, { operation: session.operation });
        }
      } catch (error) {
        throw toPublicError(withContext(error, session), String(name), merged.token);
      }
    }
    return { [Symbol.asyncIterator]: () => rows() };
  }

  return {
    run,
    iterate,
    get operations() {
      return getRegistry().operations;
    },
    close: () => rateResources.close(),
  };
}

export type { DryRunPlan };
