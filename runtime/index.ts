/**
 * intercom-ops: call any Intercom API operation, or any of the 57 legacy v1 operations, by name
 * with JSON params. See contract.md for the interface; everything here is re-exported from the
 * small modules beside this file.
 */
import { getDefaultRegistry } from './registry.js';
import { createRunner, type Runner } from './runner.js';
import { suggestNames as suggestOperationNames } from './suggest.js';

const defaultRunner: Runner = createRunner();

/** Every operation by name: the plain, frozen entries of generated/registry.json. */
export const operations = getDefaultRegistry().operations;
/** The spec version of generated/registry.json: the default `Intercom-Version`. */
export const DEFAULT_VERSION: string = getDefaultRegistry().version;
/** Close names for a mistyped operation name (what UNKNOWN_OPERATION suggests); default: the registry's names. */
export function suggestNames(name: string, names: Iterable<string> = Object.keys(operations), limit?: number): string[] {
  return suggestOperationNames(name, names, limit);
}
export const run: Runner['run'] = defaultRunner.run;
export const iterate: Runner['iterate'] = defaultRunner.iterate;
export { createRunner };
export type { Runner, RunnerConfig, DryRunPlan } from './runner.js';
export type { RunOptions, Region, Warning } from './options.js';
export type { RateLimitOptions, RateLimitSetting, RedisRateLimit } from './rate-limit/settings.js';
export type { CallEvent, Logger } from './rate-limit/events.js';
export type { RedisClientLike } from './rate-limit/redis-link.js';
export type { PlannedRequest } from './request.js';
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
  isIntercomOpsError,
} from './errors.js';
export type { ErrorCode, ParamIssue, ApiErrorItem, CompletedCall } from './errors.js';
export type {
  OperationEntry,
  ApiOperationEntry,
  V1OperationEntry,
  RegistryData,
  JsonSchema,
  HttpMethod,
  Pagination,
  WireParameter,
} from './registry-types.js';
