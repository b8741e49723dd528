/**
 * The binding API: what a v1 binding (a function of operations/) is given to carry out a v1
 * operation on the current API. Declared here, in the runtime, so that the catalog depends on the
 * runtime and never the reverse; the runtime implements it in binding-context.ts.
 */
import type { HttpMethod } from './registry-types.js';

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
  /** The most rows a binding gathers over pages (`options.maxItems`). */
  readonly maxItems: number;
  /**
   * Calls a 2.x operation by canonical operationId. The translated request is validated against
   * the target's own paramsSchema before it is sent; resolves to the parsed JSON answer. In a dry
   * run, a call whose answer the binding waits for is planned and never resolves: the plan ends there.
   */
  call<T = any>(target: string, request: TargetRequest, options?: CallOptions): Promise<T>;
  /**
   * Checks a request against the target's own schema without sending it (INVALID_PARAMS when it
   * does not pass): a binding checks its later writes before the first one, so a bad one writes nothing.
   */
  validate(target: string, request: TargetRequest): void;
  /**
   * The pages of a target (one page when it does not paginate), each fetched when it is read.
   * Returned as a binding's answer, `run()` answers the first page and `iterate()` streams the
   * rows of every page; a binding may also read the pages itself.
   */
  list(target: string, request: TargetRequest): Pages;
  /** Calls an endpoint the spec lacks (entries with `legacy: true`); takes the same options as `call`. */
  legacy<T = any>(request: LegacyRequest, options?: CallOptions): Promise<T>;
  /** Reports a v1 field that the current API cannot write (options.onWarning). */
  warn(field: string, message: string): void;
  /** Epoch seconds now (injected so tests are deterministic). */
  now(): number;
}

/**
 * The pages of one list request, built only by `BindingContext.list`: iterating fetches them one
 * at a time (paging stops at the last page, at a repeated cursor, and at an empty page).
 */
export interface Pages extends AsyncIterable<unknown> {
  /** The rows of one of these pages. */
  rowsOf(page: unknown): unknown[];
  /** Dot path of the rows in one of these pages (`data`, `conversations`); null when it has none. */
  rowsPath(page: unknown): string | null;
}

export type BindingFunction = (params: Record<string, any>, ctx: BindingContext) => Promise<unknown>;

/** The v1 bindings a runner carries out v1 entries with, by operation name. */
export type Bindings = Readonly<Record<string, BindingFunction>>;
