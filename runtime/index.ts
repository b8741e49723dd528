/**
 * The runtime's public surface: the runner engine, registry loading, errors and the registry's
 * data types. It knows no registry and no bindings of its own: the package entry (entry/index.ts)
 * composes a runner from a registry and the v1 catalog's bindings.
 */
export { createRunner } from './runner.js';
export type { Runner, RunnerConfig, RunnerParts, DryRunPlan } from './runner.js';
export { loadRegistry } from './registry-data.js';
export type { Registry } from './registry.js';
export type { RunOptions, Region, Warning } from './options.js';
export type { RateLimitOptions, RateLimitSetting, RedisRateLimit } from './rate-limit/settings.js';
export type { CallEvent, Logger } from './rate-limit/events.js';
export type { RedisClientLike } from './rate-limit/redis-link.js';
export type { PlannedRequest } from './request.js';
export type { Bindings, BindingFunction, BindingContext } from './binding-api.js';
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
  ScrollExistsError,
  ScrollExpiredError,
  isIntercomOpsError,
} from './errors.js';
export type { AnyIntercomOpsError, ErrorCode, ParamIssue, ApiErrorItem, CompletedCall } from './errors.js';
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
