/**
 * `run`, `iterate` and `createRunner`: look the name up, resolve options, hand the params to the
 * entry's executor, and shape what comes back: an answer, or pages (run() answers the first,
 * iterate() streams their rows), or in a dry run the plan. Errors leave through one exit that
 * names the operation and scrubs the token.
 */
import { ConfigError, IntercomOpsError, InternalError, UnsupportedError } from './errors.js';
import { executorFor } from './executors.js';
import { IDEMPOTENT_METHODS } from './http.js';
import { OnFirstUse } from './on-first-use.js';
import { resolveOptions, withCallCredentials, type ResolvedOptions, type RunOptions } from './options.js';
import { RateResources } from './rate-limit/settings.js';
import { copyParams } from './params.js';
import { redactError, redactText } from './redact.js';
import type { Bindings } from './binding-api.js';
import type { Registry } from './registry.js';
import { namesRegistry, RegistrySet, type RegistryLoaders } from './versions.js';
import type { OperationEntry } from './registry-types.js';
import { Execution, PageStream, type DryRunPlan, type ExecutionMode } from './execution.js';
import { unknownOperation } from './suggest.js';

/** API operations run no binding. */
const NO_BINDINGS: Bindings = Object.freeze({});

/** What a runner is composed of: a registry and the v1 bindings, plus default options. */
export interface RunnerParts {
  /**
   * The registry to run against, loaded: a generated module's (`loadPackedRegistry`) or a caller's
   * own data checked by `loadRegistry` (registry-data.ts).
   */
  registry: Registry;
  /**
   * The v1 bindings by name (the catalog's `v1Bindings`; `{}` for a registry without v1 entries),
   * or a loader of them, called on the first v1 call: a process that runs only API operations
   * never loads the catalog.
   */
  bindings: Bindings | (() => Promise<Bindings>);
  /**
   * The registries the `version` option may select, by version name, each loaded on first use.
   * Without it (or for a name it lacks), only the registry's own version is accepted.
   */
  versions?: RegistryLoaders;
}

export interface RunnerConfig extends RunOptions {
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

/**
 * Per-call options over the runner's defaults, key by key: only keys whose value is defined
 * override. `{ region: step.region }` with no region configured must keep the runner's region
 * (and baseUrl, token, …): a spread would reset it and send one workspace's token to another
 * region.
 */
export function mergeOptions(defaults: RunOptions, options: RunOptions): RunOptions {
  let merged: Record<string, unknown> | undefined;
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) (merged ??= { ...defaults })[key] = value;
  }
  // Nothing overrides (the common case): the defaults themselves, whose resolution the runner keeps.
  return (merged as RunOptions | undefined) ?? defaults;
}

/** run()'s answer: the value, or the first page of pages. */
function answerOf(value: unknown): unknown {
  return value instanceof PageStream ? firstPage(value) : value;
}

async function firstPage(pages: PageStream): Promise<unknown> {
  for await (const page of pages) return page;
  return null;
}

/**
 * iterate()'s rows, taken from batches (the rows of one page each). A row of the batch at hand is
 * answered at once (one resolved promise), not through a generator per row; the next batch is
 * asked for when the rows run out. Calls of next() made while a batch is being fetched are
 * answered in order once it is there; after the end or an error, next() answers done.
 */
class RowIterator implements AsyncIterableIterator<unknown> {
  private rows: readonly unknown[] = [];
  private index = 0;
  private finished = false;
  /** next() calls waiting for a batch; while there are any, later calls queue behind them. */
  private waiting = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly batches: AsyncGenerator<readonly unknown[], void, undefined>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<unknown>> {
    if (this.waiting === 0 && this.index < this.rows.length) return Promise.resolve({ value: this.rows[this.index++], done: false });
    this.waiting++;
    const answer = this.tail.then(() => this.take());
    this.tail = answer.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return answer;
  }

  /** The next row, fetching batches until there is one (pages without rows are skipped), or done. */
  private async take(): Promise<IteratorResult<unknown>> {
    while (this.index >= this.rows.length) {
      if (this.finished) return { value: undefined, done: true };
      const batch = await this.batches.next().catch((error: unknown) => {
        this.finish();
        throw error;
      });
      if (batch.done || this.finished) {
        // The end, or the consumer stopped (return()) while this batch was on its way.
        this.finish();
        return { value: undefined, done: true };
      }
      this.rows = batch.value;
      this.index = 0;
    }
    return { value: this.rows[this.index++], done: false };
  }

  /** The consumer stopped (a `break`): the rows at hand are dropped and paging ends. */
  async return(value?: unknown): Promise<IteratorResult<unknown>> {
    this.finish();
    await this.batches.return(undefined);
    return { value, done: true };
  }

  private finish(): void {
    this.finished = true;
    this.rows = [];
    this.index = 0;
  }
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
    // Running the operation again would repeat a write that already happened (POST, PATCH).
    const wrote = execution.completedCalls.some(
      (call) => !IDEMPOTENT_METHODS.has(call.method) && execution.registry.get(call.operation)?.readOnly !== true,
    );
    if (wrote) error.retryable = false;
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
 * A runner over one loaded registry and its v1 bindings, with the other keys as the default
 * options of every call; the `version` option selects another of `versions`, loaded when first
 * named.
 */
export function createRunner(config: RunnerParts & RunnerConfig): Runner {
  const { registry: registryInput, bindings, versions, now: clock, ...defaults } = config;
  let registries: RegistrySet | undefined;
  const getRegistries = (): RegistrySet => {
    registries ??= new RegistrySet(registryInput, versions);
    return registries;
  };
  // A runner whose default `version` is another registry's: that registry is imported now, and
  // `operations` answers its entries once it is there (never the entry version's, which would
  // describe other names and params than the runner's calls take).
  const ownVersion = typeof defaults.version === 'string' ? defaults.version : undefined;
  let ownOperations: Readonly<Record<string, OperationEntry>> | undefined;
  let ownFailure: unknown;
  if (ownVersion !== undefined) {
    getRegistries()
      .get(ownVersion, 'createRunner')
      .then(
        (registry) => (ownOperations = registry.operations),
        (error) => (ownFailure = error),
      );
  }
  const now = clock ?? (() => Math.floor(Date.now() / 1000));
  const rateResources = new RateResources();
  // A loader's bindings, imported on the first v1 call (a failed import is tried again on the next)
  // and handed out without a promise once they are there.
  const v1Bindings = typeof bindings === 'function' ? new OnFirstUse(bindings) : bindings;
  const bindingsFor = (entry: OperationEntry): Bindings | Promise<Bindings> => {
    if (entry.kind !== 'v1') return NO_BINDINGS;
    return v1Bindings instanceof OnFirstUse ? v1Bindings.get() : v1Bindings;
  };

  /**
   * The runner's defaults, resolved once per registry version (they do not change); a call's own
   * options are merged over them and resolved per call. With no fetch configured the global one
   * is looked up again at each call, so a fetch installed later (a test's stand-in) is used.
   */
  const resolvedDefaults = new Map<string, ResolvedOptions>();
  const resolvedDefaultsFor = (intercomVersion: string, operation: string): ResolvedOptions => {
    const known = resolvedDefaults.get(intercomVersion);
    if (known && (defaults.fetch !== undefined || known.fetch === globalThis.fetch)) return known;
    const resolved = resolveOptions(defaults, intercomVersion, operation, rateResources);
    resolvedDefaults.set(intercomVersion, resolved);
    return resolved;
  };
  /** `merged`: the call's options over the defaults (mergeOptions); `call`: the call's own. */
  const resolve = (merged: RunOptions, call: RunOptions, intercomVersion: string, operation: string): ResolvedOptions => {
    if (merged === defaults) return resolvedDefaultsFor(intercomVersion, operation);
    // A token (and signal) per call over defaults that resolve (a bad default is reported as before).
    let base: ResolvedOptions | undefined;
    try {
      base = resolvedDefaultsFor(intercomVersion, operation);
    } catch {
      base = undefined;
    }
    return (base && withCallCredentials(base, call, operation)) ?? resolveOptions(merged, intercomVersion, operation, rateResources);
  };

  /**
   * The execution of one call. Synchronous when nothing has to load (the runner's own registry,
   * API operations or bindings already loaded): a call then waits for nothing before its request.
   */
  function begin(name: string, merged: RunOptions, call: RunOptions, mode: ExecutionMode): Execution | Promise<Execution> {
    const set = getRegistries();
    if (merged.version === undefined) return beginOn(set.main, name, merged, call, mode);
    return set.get(merged.version, String(name)).then((reg) => beginOn(reg, name, merged, call, mode));
  }

  function beginOn(reg: Registry, name: string, merged: RunOptions, call: RunOptions, mode: ExecutionMode): Execution | Promise<Execution> {
    const entry = reg.get(name);
    if (!entry) throw unknownOperation(String(name), reg.names, reg.version);
    const bindings = bindingsFor(entry);
    const start = (loaded: Bindings) => new Execution(reg, loaded, entry, resolve(merged, call, reg.intercomVersion, entry.name), now, mode);
    return bindings instanceof Promise ? bindings.then(start) : start(bindings);
  }

  async function run(name: string, params: Record<string, unknown> = {}, options: RunOptions = {}): Promise<any> {
    const merged = mergeOptions(defaults, options);
    let execution: Execution | undefined;
    try {
      const begun = begin(name, merged, options, 'run');
      execution = begun instanceof Promise ? await begun : begun;
      const own = copyParams(params, execution.operation);
      if (!execution.options.dryRun) {
        const value = await executorFor(execution.entry)(own, execution);
        // answerOf's test, spelled out: a plain value is answered without another await (a tick
        // per call), and a first page's failure is still caught below.
        return value instanceof PageStream ? await firstPage(value) : value;
      }
      const started = execution;
      const answer = (async () => answerOf(await executorFor(started.entry)(own, started)))();
      // A dry run ends when everything was planned, or at the first request whose answer decides
      // what comes next: that request never answers, so whatever waits for it stays suspended.
      answer.catch(() => {});
      await Promise.race([answer, execution.planStopped]);
      return execution.dryRunPlan();
    } catch (error) {
      throw toPublicError(withContext(error, execution), String(name), merged.token);
    }
  }

  function iterate(name: string, params: Record<string, unknown> = {}, options: RunOptions = {}): AsyncIterable<any> {
    const merged = mergeOptions(defaults, options);
    // Nothing happens until the consumer asks for the first row. The rows come a batch (a page) at a time.
    async function* batches(): AsyncGenerator<readonly unknown[], void, undefined> {
      let execution: Execution | undefined;
      try {
        const begun = begin(name, merged, options, 'iterate');
        execution = begun instanceof Promise ? await begun : begun;
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
        // A v1 read that answers one object (get_user, list_tags) has no rows: refused before it is sent.
        if (execution.entry.kind === 'v1' && execution.entry.rowSchema === null) {
          throw new UnsupportedError(`${execution.operation}: answers one object, not rows to iterate; use run()`, {
            operation: execution.operation,
          });
        }
        const value = await executorFor(execution.entry)(copyParams(params, execution.operation), execution);
        if (value instanceof PageStream) {
          for await (const page of value) yield value.rowsOf(page);
        } else if (Array.isArray(value)) {
          yield value;
        } else {
          throw new UnsupportedError(`${execution.operation}: does not answer rows to iterate; use run()`, { operation: execution.operation });
        }
      } catch (error) {
        throw toPublicError(withContext(error, execution), String(name), merged.token);
      }
    }
    return { [Symbol.asyncIterator]: () => new RowIterator(batches()) };
  }

  return {
    run,
    iterate,
    get operations() {
      const main = getRegistries().main;
      if (ownVersion === undefined || namesRegistry(ownVersion, main)) {
        return main.operations;
      }
      if (ownOperations) return ownOperations;
      // An unknown version: the CONFIG error that names the versions there are.
      if (ownFailure) throw ownFailure;
      throw new ConfigError(
        `the operations of version ${ownVersion} are loaded on first use: read them after a first call, ` +
          `or take them from await operationsOf(${JSON.stringify(ownVersion)}) or from intercom-ops/${ownVersion.toLowerCase()}`,
      );
    },
    close: () => rateResources.close(),
  };
}

export type { DryRunPlan };
