/**
 * What every entry of the package exports besides its runner: the errors (one set of classes, so
 * `instanceof` holds whichever entry a caller imported) and the registry's data types. Values come
 * from their own modules, not runtime/index.ts, whose `loadRegistry` would import Ajv.
 */
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
  ScrollExistsError,
  ScrollExpiredError,
  isIntercomOpsError,
} from '../runtime/errors.js';
export type { AnyIntercomOpsError, ErrorCode, ParamIssue, ApiErrorItem, CompletedCall } from '../runtime/index.js';
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
