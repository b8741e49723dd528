/**
 * Every registry entry gets an executor: validate the params, then do the work. API entries make
 * their one call (or, when paginated, answer the request to page through); v1 entries run their
 * binding against a BindingContext. `run()` and `iterate()` only ever see executors.
 */
import type { BindingFunction } from './binding-api.js';
import { RuntimeBindingContext, pagedRequestOf } from './binding-context.js';
import { ConfigError, InvalidParamsError, UnsupportedError } from './errors.js';
import { validateParams, type Params } from './params.js';
import type { ApiOperationEntry, OperationEntry, V1OperationEntry } from './registry-types.js';
import { PagedRequest, type Execution } from './execution.js';

export interface Outcome {
  /** The answer, or a paginated request that run() pages through and iterate() streams. */
  value: unknown;
  /** The v1 `resultsPath` platform parameter (never sent to Intercom). */
  resultsPath?: string;
}

export type Executor = (params: Params, execution: Execution) => Promise<Outcome>;

function apiExecutor(entry: ApiOperationEntry): Executor {
  return async (params, execution) => {
    const valid = validateParams(params, entry.paramsSchema, execution.registry.validators, entry.name);
    if (entry.pagination) return { value: new PagedRequest(entry, valid) };
    // The operation's only request: in a dry run nothing comes after it, so planning goes on.
    return { value: await execution.callApi(entry, valid, true) };
  };
}

const RESULTS_PATH = 'resultsPath';

function v1Executor(entry: V1OperationEntry): Executor {
  return async (params, execution) => {
    if (entry.unavailable) {
      throw new UnsupportedError(`${entry.name}: not available in ${execution.registry.version}: ${entry.unavailable}`, {
        operation: entry.name,
      });
    }
    const extra = entry.resultsPath ? [RESULTS_PATH] : [];
    const valid = validateParams(params, entry.paramsSchema, execution.registry.validators, entry.name, { allowedExtra: extra });
    const { [RESULTS_PATH]: resultsPath, ...bindingParams } = valid;
    if (resultsPath !== undefined && (typeof resultsPath !== 'string' || resultsPath.trim() === '' || !entry.resultsPath)) {
      throw new InvalidParamsError(`${entry.name}: invalid params: /resultsPath must be a dot path such as "data"`, {
        operation: entry.name,
        issues: [{ path: '/resultsPath', message: 'must be a non-empty dot path such as "data"' }],
      });
    }
    const binding: BindingFunction | undefined = Object.hasOwn(execution.bindings, entry.name) ? execution.bindings[entry.name] : undefined;
    if (!binding) throw new ConfigError(`${entry.name}: no binding is installed for this v1 operation`, { operation: entry.name });
    const result = await binding(entry.resultsPath ? bindingParams : valid, new RuntimeBindingContext(entry, execution));
    return { value: pagedRequestOf(result) ?? result, ...(typeof resultsPath === 'string' ? { resultsPath } : {}) };
  };
}

const executors = new WeakMap<OperationEntry, Executor>();

export function executorFor(entry: OperationEntry): Executor {
  let executor = executors.get(entry);
  if (!executor) {
    executor = entry.kind === 'api' ? apiExecutor(entry) : v1Executor(entry);
    executors.set(entry, executor);
  }
  return executor;
}
