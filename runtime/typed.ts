/**
 * Types only: `run` and `iterate` typed by operation name. Each version's generated
 * `operation-types.ts` maps every operation name to its params, result and row types (API
 * operations from openapi-typescript's types, v1 operations from their params schemas); the
 * entries type their runners with that map. A literal name the map lacks is a compile error; a
 * plain `string` name (a low-code step) still works, with loose params and an `unknown` result.
 */
import type { OperationEntry } from './registry-types.js';
import type { DryRunPlan, Runner } from './runner.js';
import type { RunOptions } from './options.js';

/** What the generated map says about one operation. */
export interface OperationTypes {
  params: object;
  result: unknown;
  /** What iterate() yields: the rows of a page (unknown where the page's shape is not typed). */
  row: unknown;
  /**
   * API operations: the names of their path parameters in route order (`['contact_id', 'id']`,
   * `[]` for none), the positions a v1 binding's `ctx.call` fills (binding-api.ts). v1 operations
   * have none: bindings call API operations only.
   */
  path?: readonly string[];
}

/** A version's map (an interface: `OperationTypeMap<Operations>` checks every member). */
export type OperationTypeMap<M> = { [K in keyof M]: OperationTypes };

type Empty = Record<never, never>;
/** `T[K]`, or never when T has no K (optional keys included). */
type At<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
/** A present, non-empty object type, else `{}` (openapi-typescript writes `path?: never` for none). */
type ObjectOr<T> = [NonNullable<T>] extends [never] ? Empty : NonNullable<T>;
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/**
 * The flat params of an openapi-typescript operation: path and query parameters by name, the
 * body of media type `C` under `$body` (required, optional, or absent as the registry decided).
 */
export type ApiParams<O, B extends 'required' | 'optional' | 'none', C extends string = 'application/json'> = Flatten<
  ObjectOr<At<At<O, 'parameters'>, 'path'>> &
    ObjectOr<At<At<O, 'parameters'>, 'query'>> &
    (B extends 'required'
      ? { $body: At<At<NonNullable<At<O, 'requestBody'>>, 'content'>, C> }
      : B extends 'optional'
        ? { $body?: At<At<NonNullable<At<O, 'requestBody'>>, 'content'>, C> }
        : Empty)
>;

/** The JSON answer of status `S` with media type `C`. */
export type ApiResult<O, S extends number, C extends string = 'application/json'> = At<At<At<At<O, 'responses'>, S>, 'content'>, C>;

/** The value at a dot path given as a tuple (`['data']`, `['pages', 'next']`). */
type AtPath<T, P extends readonly string[]> = P extends readonly [infer H extends string, ...infer R extends string[]]
  ? AtPath<At<NonNullable<T>, H>, R>
  : T;

/** The element type of the rows array at `P` in a page. */
export type RowsAt<Page, P extends readonly string[]> = NonNullable<AtPath<Page, P>> extends ReadonlyArray<infer E> ? E : unknown;

/** An operation that takes no params takes an empty object only (`{}` would accept any keys). */
type NoParams<P> = [keyof P] extends [never] ? Record<string, never> : P;
type ParamsOf<M extends OperationTypeMap<M>, N extends keyof M> = NoParams<M[N]['params']>;
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** Params may be left out exactly when the operation requires none. */
type ParamsArgs<P> = [RequiredKeys<P>] extends [never] ? [params?: P] : [params: P];
/** A name that is not a literal: `string` itself (a low-code step's name); a literal is never. */
type DynamicName<N extends string> = string extends N ? N : never;

/** The names iterate() takes: paginated API operations and v1 operations that write nothing. */
type IterableName<M extends OperationTypeMap<M>> = { [K in keyof M]: [M[K]['row']] extends [never] ? never : K }[keyof M] & string;

/**
 * Options of a call typed by this map: no other `version` (a call naming one takes that version's
 * names and params, VersionOptions).
 */
type TypedOptions = RunOptions & { version?: undefined };
/** Options of a dry run: the call resolves to its plan. */
export type DryRunOptions = TypedOptions & { dryRun: true };
/** Options of a call that is carried out. */
export type CallOptions = TypedOptions & { dryRun?: false };
/** Options naming another version: the names and params of that version, checked at run time only. */
export type VersionOptions = RunOptions & { version: string };

export interface TypedRunner<M extends OperationTypeMap<M>> {
  /** A dry run: the plan of the requests the call would send. */
  run<N extends keyof M & string>(name: N, params: ParamsOf<M, N>, options: DryRunOptions): Promise<DryRunPlan>;
  /** The operation's answer, typed from its description. */
  run<N extends keyof M & string>(name: N, ...args: [...ParamsArgs<ParamsOf<M, N>>, options?: CallOptions]): Promise<M[N]['result']>;
  /** `dryRun` not known at compile time: the answer or the plan. */
  run<N extends keyof M & string>(name: N, params: ParamsOf<M, N>, options: TypedOptions): Promise<M[N]['result'] | DryRunPlan>;
  /** Another version named in the options: its operations and params, checked at run time. */
  run(name: string, params: Record<string, unknown> | undefined, options: VersionOptions & { dryRun: true }): Promise<DryRunPlan>;
  run(name: string, params: Record<string, unknown> | undefined, options: VersionOptions): Promise<unknown>;
  /** A name known only at run time: checked against the registry then. */
  run<N extends string>(name: DynamicName<N>, params: Record<string, unknown> | undefined, options: DryRunOptions): Promise<DryRunPlan>;
  run<N extends string>(name: DynamicName<N>, params?: Record<string, unknown>, options?: RunOptions): Promise<unknown>;

  /** The rows of every page, each page fetched when the loop asks for it. */
  iterate<N extends IterableName<M>>(name: N, ...args: [...ParamsArgs<ParamsOf<M, N>>, options?: TypedOptions]): AsyncIterable<M[N]['row']>;
  iterate(name: string, params: Record<string, unknown> | undefined, options: VersionOptions): AsyncIterable<unknown>;
  iterate<N extends string>(name: DynamicName<N>, params?: Record<string, unknown>, options?: RunOptions): AsyncIterable<unknown>;

  /** Every operation by name: plain, frozen registry entries. */
  readonly operations: Readonly<Record<string, OperationEntry>>;
  /** Releases what the runner opened (Redis connections it made from a `rateLimit.redis` URL). */
  close(): Promise<void>;
}

/**
 * A runner created with a `version` in its config (`createRunner({ version: '2.14' })`): like a call
 * naming a version in its options, it takes that version's names and params, checked at run time
 * only (`Record<string, unknown>` params, an `unknown` answer), never the entry version's types. For
 * compile-time checks use that version's entry (`intercom-ops/2.14`).
 */
export interface VersionRunner {
  run(name: string, params: Record<string, unknown> | undefined, options: RunOptions & { dryRun: true }): Promise<DryRunPlan>;
  run(name: string, params?: Record<string, unknown>, options?: RunOptions): Promise<unknown>;
  iterate(name: string, params?: Record<string, unknown>, options?: RunOptions): AsyncIterable<unknown>;
  /** That version's operations once its registry has arrived (runner.ts: CONFIG before). */
  readonly operations: Readonly<Record<string, OperationEntry>>;
  /** Releases what the runner opened (Redis connections it made from a `rateLimit.redis` URL). */
  close(): Promise<void>;
}

/** The runtime's runner seen through a version's map (the same functions; only the types differ). */
export function typedRunner<M extends OperationTypeMap<M>>(runner: Runner): TypedRunner<M> {
  return runner as unknown as TypedRunner<M>;
}
