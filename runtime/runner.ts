/**
 * `run`, `iterate` and `createRunner`: look the name up, resolve options, hand the params to the
 * entry's executor, and shape what comes back (a dry-run plan, a first page, rows gathered at a
 * `resultsPath`). Errors leave through one exit that names the operation and scrubs the token.
 */
import { ConfigError, IntercomOpsError, InternalError, UnknownOperationError, UnsupportedError } from './errors.js';
import { executorFor, type Outcome } from './executors.js';
import { resolveOptions, type RunOptions } from './options.js';
import { rowsOf, valueAt } from './pagination.js';
import { copyParams } from './params.js';
import { redactError, redactText } from './redact.js';
import type { Bindings } from './binding-api.js';
import { loadRegistry, type Registry } from './registry.js';
import type { OperationEntry, Pagination, RegistryData } from './registry-types.js';
import { PagedRequest, PlanComplete, Execution, type DryRunPlan, type ExecutionMode } from './execution.js';
import { suggestNames } from './suggest.js';

/** What a runner is composed of: a registry and the v1 bindings, plus default options. */
export interface RunnerParts {
  /**
   * The registry to run against: a loaded Registry, RegistryData, or a folder holding
   * registry.json (another spec version's generated output, a test fixture).
   */
  registry: Registry | RegistryData | string;
  /** The v1 bindings by name (the catalog's `v1Bindings`; `{}` for a registry without v1 entries). */
  bindings: Bindings;
}

export interface RunnerConfig extends RunOptions {
  /** Internal: epoch seconds for BindingContext.now() (tests). */
  now?: () => number;
}

export interface Runner {
  run<T = any>(name: string, params?: Record<string, unknown>, options?: RunOptions): Promise<T>;
  iterate<T = any>(name: string, params?: Record<string, unknown>, options?: RunOptions): AsyncIterable<T>;
  readonly operations: Readonly<Record<string, OperationEntry>>;
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
  return !!value && typeof (value as Registry).get === 'function' && (value as Registry).validators !== undefined;
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

async function firstPage(execution: Execution, paged: PagedRequest): Promise<unknown> {
  for await (const page of execution.pages(paged)) return page;
  return null;
}

async function gather(execution: Execution, paged: PagedRequest, resultsPath: string): Promise<unknown[]> {
  const rows: unknown[] = [];
  const max = execution.options.maxItems;
  for await (const page of execution.pages(paged)) {
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

async function shape(outcome: Outcome, execution: Execution): Promise<unknown> {
  const { value, resultsPath } = outcome;
  if (value instanceof PagedRequest) {
    return resultsPath ? gather(execution, value, resultsPath) : firstPage(execution, value);
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
function withContext(error: unknown, execution: Execution | undefined): unknown {
  if (!(error instanceof IntercomOpsError) || !execution || execution.entry.kind !== 'v1') return error;
  const before = error.message;
  if (error.operation !== execution.operation) {
    if (!error.message.startsWith(`${execution.operation}:`)) error.message = `${execution.operation}: ${error.message}`;
    error.operation = execution.operation;
  }
  if (execution.completedCalls.length && !error.completedCalls) {
    error.completedCalls = [...execution.completedCalls];
    const n = execution.completedCalls.length;
    error.message += ` — ${n} earlier call${n === 1 ? ' had' : 's had'} already succeeded: ${execution.completedCalls.map(describeCall).join('; ')}`;
  }
  if (typeof error.stack === 'string' && before !== error.message) error.stack = error.stack.replace(before, error.message);
  return error;
}

function toPublicError(error: unknown, operation: string, token: string | undefined): IntercomOpsError {
  let coded: IntercomOpsError;
  if (error instanceof IntercomOpsError) {
    coded = error;
  } else {
    // A defect (a TypeError in a binding, …): INTERNAL, with the original text kept as data.
    const message = error instanceof Error ? error.message : String(error);
    coded = new InternalError(`${operation}: internal error: ${redactText(message, token)}`, {
      operation,
      causeMessage: redactText(message, token),
    });
  }
  coded.operation ??= operation;
  return redactError(coded, token);
}

/**
 * A runner over one registry and its v1 bindings, with the other keys as the default options of
 * every call. A registry given as data or a folder is loaded (and checked) on first use.
 */
export function createRunner(config: RunnerParts & RunnerConfig): Runner {
  const { registry: registryInput, bindings, now: clock, ...defaults } = config;
  let registry: Registry | undefined = isRegistry(registryInput) ? registryInput : undefined;
  const getRegistry = (): Registry => {
    registry ??= loadRegistry(registryInput as RegistryData | string);
    return registry;
  };
  const now = clock ?? (() => Math.floor(Date.now() / 1000));

  function begin(name: string, options: RunOptions, mode: ExecutionMode): Execution {
    const reg = getRegistry();
    const entry = reg.get(name);
    if (!entry) {
      const suggestions = suggestNames(String(name), reg.names);
      throw new UnknownOperationError(
        `unknown operation ${JSON.stringify(String(name))}${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : ''}`,
        { operation: String(name), suggestions },
      );
    }
    return new Execution(reg, bindings, entry, resolveOptions(options, reg.version, entry.name), now, mode);
  }

  async function run(name: string, params: Record<string, unknown> = {}, options: RunOptions = {}): Promise<any> {
    const merged = mergeOptions(defaults, options);
    let execution: Execution | undefined;
    try {
      execution = begin(name, merged, 'run');
      const own = copyParams(params, execution.operation);
      try {
        const value = await shape(await executorFor(execution.entry)(own, execution), execution);
        return execution.options.dryRun ? execution.dryRunPlan() : value;
      } catch (error) {
        // A dry run stops at the first request whose answer decides what comes next.
        if (execution.options.dryRun && (execution.planEnded || error instanceof PlanComplete)) return execution.dryRunPlan();
        throw error;
      }
    } catch (error) {
      throw toPublicError(withContext(error, execution), String(name), merged.token);
    }
  }

  function iterate(name: string, params: Record<string, unknown> = {}, options: RunOptions = {}): AsyncIterable<any> {
    const merged = mergeOptions(defaults, options);
    // Nothing happens until the consumer asks for the first row.
    async function* rows(): AsyncGenerator<unknown, void, undefined> {
      let execution: Execution | undefined;
      try {
        execution = begin(name, merged, 'iterate');
        if (execution.options.dryRun) {
          throw new ConfigError(`${execution.operation}: dryRun plans a run(); iterate() has nothing to plan`, {
            operation: execution.operation,
          });
        }
        if (execution.entry.kind === 'api' && !execution.entry.pagination) {
          throw new UnsupportedError(`${execution.operation}: not a paginated operation; use run()`, { operation: execution.operation });
        }
        // iterate() streams rows; a write belongs to run(). Refused before the binding runs, so
        // nothing is sent (a v1 delete or archive would otherwise be carried out, then fail here).
        if (execution.entry.kind === 'v1' && !execution.entry.readOnly) {
          throw new UnsupportedError(`${execution.operation}: writes, so it has no rows to iterate; use run()`, {
            operation: execution.operation,
          });
        }
        const outcome = await executorFor(execution.entry)(copyParams(params, execution.operation), execution);
        const value = outcome.value;
        if (value instanceof PagedRequest) {
          for await (const page of execution.pages(value)) yield* rowsOf(page, value.entry.pagination);
        } else if (Array.isArray(value)) {
          yield* value;
        } else {
          throw new UnsupportedError(`${execution.operation}: does not answer rows to iterate; use run()`, { operation: execution.operation });
        }
      } catch (error) {
        throw toPublicError(withContext(error, execution), String(name), merged.token);
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
  };
}

export type { DryRunPlan };
