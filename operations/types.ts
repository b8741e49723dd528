/**
 * What a v1 operation is made of: catalog data (parameters, docs, declared 2.x targets) and a
 * binding. Single-call bindings are data (`DataBinding`); multi-step ones are functions over a
 * `BindingContext` that the runtime provides, so `run()` treats every operation the same way.
 */
import type { HttpMethod, JsonSchema } from '../runtime/registry-types.js';

export type V1ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

/** One documented parameter of the v1 operation list (seed 003). */
export interface V1Param {
  name: string;
  type: V1ParamType;
  required: boolean;
  enum?: string[];
  description: string;
  /** Where the seed documents a type that contradicts the documented behaviour: what it says, why we differ. */
  correction?: { seedType: string; reason: string };
  /** Set on parameters the seed does not document but v1-bindings.md allows: the reason. */
  extension?: string;
}

/** A 2.x operation a binding may call: canonical (2.10) operationId plus what does not change. */
export interface Target {
  operationId: string;
  /** Other spellings of the operationId in some versions (lisDataAttributes ↔ listDataAttributes). */
  aliases?: string[];
  method: HttpMethod;
  /** Path with parameter names blanked, e.g. "/admins/{}/away": URLs never change between versions. */
  route: string;
}

/** A request to a 2.x operation, by wire position (path params by position, not by name). */
export interface TargetRequest {
  path?: Array<string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/** A request to an endpoint that no 2.7+ description has (v1 visitors by id). */
export interface LegacyRequest {
  method: HttpMethod;
  /** Template with `{}` slots, e.g. "/visitors/{}"; values are encoded by the runtime. */
  route: string;
  path: Array<string | number>;
  /**
   * The v1 parameter names the path values came from, by position (`['id']`): a bad value is
   * then reported as `/id`, the caller's own parameter, rather than as the route's `/path[0]`.
   */
  names?: string[];
  query?: Record<string, unknown>;
}

export interface CallOptions {
  /**
   * The binding does not read this call's answer to decide what comes next (tag batches): a dry
   * run plans it and goes on. Without it, a dry run stops after planning the call.
   */
  independent?: boolean;
  /**
   * The steps that may follow this call, depending on its answer, by operationId (legacy
   * endpoints as `METHOD /route/{}`): a dry run that stops at this call names them as `pending`.
   * List only what the params leave possible: every branch the answer decides, none the params
   * already rule out. Leave it out when nothing follows (the answer is returned).
   */
  then?: readonly string[];
}

export interface BindingContext {
  /** The v1 operation being run. */
  readonly operation: string;
  /**
   * What the caller asked for: `'run'` (one answer, the v1 shape) or `'iterate'` (rows over
   * every page). Most bindings ignore it; a binding whose v1 answer is one page of a cursor the
   * caller passes back (the scroll operations) answers `list(...)` under `'iterate'` instead, so
   * `iterate()` streams every row.
   */
  readonly mode: 'run' | 'iterate';
  /**
   * Calls a 2.x operation by canonical operationId. The translated request is validated against
   * the target's own paramsSchema before it is sent; resolves to the parsed JSON answer.
   */
  call<T = any>(target: string, request: TargetRequest, options?: CallOptions): Promise<T>;
  /**
   * Checks a request against the target's own schema without sending it (INVALID_PARAMS when it
   * does not pass): a binding checks its later writes before the first one, so a bad one writes nothing.
   */
  validate(target: string, request: TargetRequest): void;
  /** Rows over all pages of a paginated target, fetched as the consumer asks. */
  rows<T = any>(target: string, request: TargetRequest): AsyncIterable<T>;
  /**
   * For list operations: returns a plan that the binding returns as its result. `run()` then
   * answers the first page (or, given `resultsPath`, the rows of every page up to `maxItems`)
   * and `iterate()` streams the rows, with no list-specific code in the binding.
   */
  list(target: string, request: TargetRequest): ListPlan;
  /** Calls an endpoint the spec lacks (entries with `legacy: true`); takes the same options as `call`. */
  legacy<T = any>(request: LegacyRequest, options?: CallOptions): Promise<T>;
  /** Reports a v1 field that the current API cannot write (options.onWarning). */
  warn(field: string, message: string): void;
  /** Epoch seconds now (injected so tests are deterministic). */
  now(): number;
}

/** Opaque marker a list binding returns; built only by `BindingContext.list`. */
export interface ListPlan {
  readonly kind: 'list-plan';
  readonly target: string;
  readonly request: TargetRequest;
}

export type BindingFunction = (params: Record<string, any>, ctx: BindingContext) => Promise<unknown>;

/** A single call described as data: which target, and where each v1 parameter goes. */
export interface DataBinding {
  target: string;
  /** v1 parameter names filling the target's path parameters, by position. */
  path?: string[];
  /** target query name → v1 parameter name. */
  query?: Record<string, string>;
  /** Pass the v1 `$body` through as the target body. */
  body?: 'pass';
  /** Fixed body fields merged over the passed body (e.g. `{ read: true }`). */
  fixedBody?: Record<string, unknown>;
}

export interface V1Operation {
  name: string;
  summary: string;
  params: V1Param[];
  /** JSON Schema of `$body` (typed from the v1 reference), when the operation takes one. */
  body?: JsonSchema;
  bodyRequired?: boolean;
  /** The 2.x targets it may call, by canonical operationId (in order of first use). */
  targets: string[];
  legacy?: boolean;
  readOnly: boolean;
  /** The 11 list operations: accept the `resultsPath` platform parameter. */
  resultsPath?: { defaultRowsKey?: string };
  mapped?: Record<string, string>;
  dropped?: string[];
  /** spec version → reason, where the operation cannot be carried out in that version. */
  unavailableIn?: Record<string, string>;
  /**
   * A valid call with documented parameters (realistic values: numeric-string ids where the
   * target declares an integer, …); shown by `describe` and carried in the paramsSchema as the
   * JSON Schema `examples` annotation. Needed where the schema alone cannot give a valid call
   * (one-of rules such as "user_id or email", ids a target declares integer, fixed values); the
   * generator fails when it does not validate against the paramsSchema.
   */
  example?: Record<string, unknown>;
  binding: DataBinding | BindingFunction;
}
