/**
 * Every registry entry gets an executor: validate the params, then do the work. API entries make
 * their one call (or, when paginated, answer their pages); v1 entries run their binding against a
 * BindingContext. `run()` and `iterate()` only ever see executors, and only "an answer, or pages".
 */
import type { BindingFunction } from './binding-api.js';
import { RuntimeBindingContext } from './binding-context.js';
import { ConfigError, UnsupportedError } from './errors.js';
import { loadAjv, validateLoadedParams, validateParams, type Params } from './params.js';
import type { ApiOperationEntry, OperationEntry, V1OperationEntry } from './registry-types.js';
import { PageStream, type Execution } from './execution.js';

/**
 * What an operation answers: a value, or (a `PageStream`) pages that run() answers the first of and
 * iterate() streams. It may throw instead of rejecting (bad params): call it where both are caught.
 */
export type Executor = (params: Params, execution: Execution) => Promise<unknown>;

/**
 * Not an async function: most calls validate at once and answer the request's own promise, with
 * no promise of the executor's around it. Invalid params throw (run() and iterate() await the
 * executor inside their try, so a throw and a rejection end the same way).
 */
function apiExecutor(entry: ApiOperationEntry): Executor {
  const answer = (valid: Params, execution: Execution): Promise<unknown> =>
    entry.pagination
      ? Promise.resolve(new PageStream(execution, entry, valid))
      : // The operation's only request: in a dry run nothing comes after it, so planning goes on.
        execution.callApi(entry, valid, true);
  return (params, execution) => {
    const checked = validateParams(params, entry.paramsSchema, execution.registry.validators, entry.name);
    return checked instanceof Promise ? checked.then((valid) => answer(valid, execution)) : answer(checked, execution);
  };
}

function v1Executor(entry: V1OperationEntry): Executor {
  return async (params, execution) => {
    if (entry.unavailable) {
      throw new UnsupportedError(`${entry.name}: not available in ${execution.registry.version}: ${entry.unavailable}`, {
        operation: entry.name,
      });
    }
    // A binding validates its translated requests as it goes (synchronously): Ajv is loaded first.
    const loading = loadAjv();
    if (loading instanceof Promise) await loading;
    const valid = validateLoadedParams(params, entry.paramsSchema, execution.registry.validators, entry.name);
    const binding: BindingFunction | undefined = Object.hasOwn(execution.bindings, entry.name) ? execution.bindings[entry.name] : undefined;
    if (!binding) throw new ConfigError(`${entry.name}: no binding is installed for this v1 operation`, { operation: entry.name });
    return binding(valid, new RuntimeBindingContext(entry, execution));
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
