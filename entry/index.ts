/**
 * The package entry (`intercom-ops`): the runtime's runner composed with the pinned registry and
 * the v1 catalog's bindings, plus the runtime's public API re-exported. Composition is kept to
 * these few explicit lines so that an entry per API version can be generated the same way.
 */
import { v1Bindings } from '../operations/index.js';
import { createRunner as createRuntimeRunner, type Runner, type RunnerConfig, type RunnerParts } from '../runtime/index.js';
import { suggestNames as suggestOperationNames } from '../runtime/suggest.js';
import { defaultRegistry } from './default-registry.js';

/**
 * A runner with `config` as the default options of every call. `registry` and `bindings`
 * default to the pinned registry and the v1 catalog (tests and other versions' output pass their own).
 */
export function createRunner(config: RunnerConfig & Partial<RunnerParts> = {}): Runner {
  const { registry = defaultRegistry, bindings = v1Bindings, ...options } = config;
  return createRuntimeRunner({ registry, bindings, ...options });
}

const defaultRunner: Runner = createRunner();

/** Every operation by name: the plain, frozen entries of generated/registry.json. */
export const operations = defaultRegistry.operations;
/** The spec version of generated/registry.json: the default `Intercom-Version`. */
export const DEFAULT_VERSION: string = defaultRegistry.version;
/** Close names for a mistyped operation name (what UNKNOWN_OPERATION suggests); default: the registry's names. */
export function suggestNames(name: string, names: Iterable<string> = Object.keys(operations), limit?: number): string[] {
  return suggestOperationNames(name, names, limit);
}
export const run: Runner['run'] = defaultRunner.run;
export const iterate: Runner['iterate'] = defaultRunner.iterate;

export type { Runner, RunnerConfig, DryRunPlan, RunOptions, Region, Warning, PlannedRequest } from '../runtime/index.js';
export type { RateLimitOptions, RateLimitSetting, RedisRateLimit, CallEvent, Logger } from '../runtime/index.js';
export {
  IntercomOpsError,
  InvalidParamsError,
  UnknownOperationError,
  UnsupportedError,
  NotFoundError,
  AmbiguousError,
  ApiError,
  RateLimitedError,
  TimeoutError,
  NetworkError,
  AbortedError,
  ConfigError,
  InternalError,
  InvalidResponseError,
  isIntercomOpsError,
} from '../runtime/index.js';
export type { ErrorCode, ParamIssue, ApiErrorItem, CompletedCall } from '../runtime/index.js';
export type {
  OperationEntry,
  ApiOperationEntry,
  V1OperationEntry,
  RegistryData,
  JsonSchema,
  HttpMethod,
  Pagination,
  WireParameter,
} from '../runtime/index.js';
