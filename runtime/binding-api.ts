/**
 * The binding API: what a v1 binding (a function of operations/) is given to carry out a v1
 * operation on the current API. Declared here, in the runtime, so that the catalog depends on the
 * runtime and never the reverse; the runtime implements it in binding-context.ts.
 */
import type { HttpMethod } from './registry-types.js';
import type { OperationTypeMap, OperationTypes } from './typed.js';

/** A request to a 2.x operation, by wire position (path params by position, not by name). */
export interface TargetRequest {
  path?: Array<string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
}

/**
 * The loose map: any name, a request of any shape, an unknown answer. The runtime's own view (it
 * resolves and validates every call at run time); bindings are typed with a version's map.
 */
export interface AnyTargets {
  readonly [name: string]: Required<OperationTypes>;
}

/** The names a binding may call in map M: its API operations (the members that name path parameters). */
export type TargetName<M> = { [K in keyof M]: M[K] extends { path: readonly string[] } ? K : never }[keyof M] & string;

type Flatten<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** One value per path parameter, in route order: written into the URL (v1 ids are numeric strings). */
type PathValues<P extends readonly string[]> = { -readonly [I in keyof P]: string | number };
type PathPart<P extends readonly string[]> = P extends readonly [] ? { path?: [] } : { path: PathValues<P> };
/** The query object: absent, optional or required as the target's query parameters are. */
type QueryPart<Q> = [keyof Q] extends [never]
  ? { query?: Record<string, never> }
  : [RequiredKeys<Q>] extends [never]
    ? { query?: Q }
    : { query: Q };
/** The body: `$body`'s type, required, optional or absent as the target's params say. */
type BodyPart<P> = '$body' extends keyof P ? ({} extends Pick<P, '$body'> ? { body?: P['$body'] } : { body: P['$body'] }) : { body?: never };
/** The positional request of one target (distributes over a union of targets). */
type RequestOf<T> = T extends { params: infer P; path: infer Names extends readonly string[] }
  ? Flatten<PathPart<Names> & QueryPart<Flatten<Omit<P, Names[number] | '$body'>>> & BodyPart<P>>
  : never;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
/**
 * A typed call names one target, never a union of names: the request of any name of a union would
 * be accepted for every other (a reply body sent to manageConversation). The loose map takes any name.
 */
type OneTarget<M, N> = string extends keyof M ? unknown : [N] extends [UnionToIntersection<N>] ? unknown : never;

/** The request `ctx.call(N, …)` takes in map M; with the loose map, any `TargetRequest`. */
export type TargetRequestOf<M, N extends keyof M> = string extends keyof M ? TargetRequest : RequestOf<M[N]>;
/** What `ctx.call(N, …)` resolves to in map M. */
export type TargetResultOf<M extends OperationTypeMap<M>, N extends keyof M> = M[N]['result'];
/** One row of N's pages in map M (unknown for a target that does not paginate: `rowsOf` finds its array). */
type TargetRowOf<M extends OperationTypeMap<M>, N extends keyof M> = [M[N]['row']] extends [never] ? unknown : M[N]['row'];

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

/** What a binding context says whatever its target map: the run it serves, warnings, the clock. */
export interface BindingScope {
  /** The v1 operation being run. */
  readonly operation: string;
  /**
   * What the caller asked for: `'run'` (one answer, the v1 shape) or `'iterate'` (rows over
   * every page). Most bindings ignore it; a binding whose v1 answer is one page of a cursor the
   * caller passes back (the scroll operations) answers `list(...)` under `'iterate'` instead, so
   * `iterate()` streams every row.
   */
  readonly mode: 'run' | 'iterate';
  /** The most rows a binding gathers over pages (`options.maxItems`). */
  readonly maxItems: number;
  /** Reports a v1 field that the current API cannot write (options.onWarning). */
  warn(field: string, message: string): void;
  /** Epoch seconds now (injected so tests are deterministic). */
  now(): number;
}

/**
 * What a binding is given. Typed with a version's operation map M (the catalog uses the canonical
 * version's, operations/types.ts), `call`, `validate` and `list` take only M's API operation names,
 * a path tuple of that target's arity, its query keys and its body, and resolve to its answer: a
 * translation bug is a compile error. The default, loose map is what the runtime implements.
 */
export interface BindingContext<M extends OperationTypeMap<M> = AnyTargets> extends BindingScope {
  /**
   * Calls a 2.x operation by canonical operationId. The translated request is validated against
   * the target's own paramsSchema before it is sent; resolves to the parsed JSON answer. In a dry
   * run, a call whose answer the binding waits for is planned and never resolves: the plan ends there.
   */
  call<N extends TargetName<M>>(target: N & OneTarget<M, N>, request: TargetRequestOf<M, N>, options?: CallOptions): Promise<TargetResultOf<M, N>>;
  /**
   * Checks a request against the target's own schema without sending it (INVALID_PARAMS when it
   * does not pass): a binding checks its later writes before the first one, so a bad one writes nothing.
   */
  validate<N extends TargetName<M>>(target: N & OneTarget<M, N>, request: TargetRequestOf<M, N>): void;
  /**
   * The pages of a target (one page when it does not paginate), each fetched when it is read.
   * Returned as a binding's answer, `run()` answers the first page and `iterate()` streams the
   * rows of every page; a binding may also read the pages itself.
   */
  list<N extends TargetName<M>>(target: N & OneTarget<M, N>, request: TargetRequestOf<M, N>): Pages<TargetResultOf<M, N>, TargetRowOf<M, N>>;
  /**
   * Calls an endpoint the spec lacks (entries with `legacy: true`); takes the same options as
   * `call`. No description declares its answer, so it is unknown.
   */
  legacy(request: LegacyRequest, options?: CallOptions): Promise<unknown>;
}

/**
 * The pages of one list request, built only by `BindingContext.list`: iterating fetches them one
 * at a time (paging stops at the last page, at a repeated cursor, and at an empty page).
 */
export interface Pages<Page = unknown, Row = unknown> extends AsyncIterable<Page> {
  /** The rows of one of these pages. */
  rowsOf(page: Page): Row[];
  /** Dot path of the rows in one of these pages (`data`, `conversations`); null when it has none. */
  rowsPath(page: Page): string | null;
}

export type BindingFunction = (params: Record<string, any>, ctx: BindingContext) => Promise<unknown>;

/** The v1 bindings a runner carries out v1 entries with, by operation name. */
export type Bindings = Readonly<Record<string, BindingFunction>>;
