/**
 * What a v1 operation is made of: catalog data (parameters, docs, declared 2.x targets) and a
 * binding. Single-call bindings are data (`DataBinding`); multi-step ones are functions over the
 * runtime's `BindingContext` (runtime/binding-api.ts), so `run()` treats every operation the same way.
 */
import type { BindingContext, TargetName, TargetRequestOf } from '../runtime/binding-api.js';
import type { HttpMethod, JsonSchema } from '../runtime/registry-types.js';
// The canonical version: the one whose operationIds targets.ts and every binding name (2.10; other
// versions' spellings are aliases there). Not the pinned version: the pin may move, these names do not.
import type { Operations as CanonicalOperations } from '../generated/2.10/operation-types.js';

/**
 * The context bindings are written against: the canonical version's operations (the runtime
 * translates each call for the version it runs, and validates it against that version's schema).
 * A target name, a path arity, a query key, a body field or an answer field the target lacks is a
 * compile error.
 */
export type CanonicalContext = BindingContext<CanonicalOperations>;

/** A canonical target operationId: an API operation of the canonical version. */
export type CanonicalTarget = TargetName<CanonicalOperations>;

/** A multi-step binding: a function over the canonical context. */
export type CanonicalBinding = (params: Record<string, any>, ctx: CanonicalContext) => Promise<unknown>;

/** The positional request of a target, for bindings that build it apart from the call. */
export type TargetRequestFor<N extends CanonicalTarget> = TargetRequestOf<CanonicalOperations, N>;
/** The body a target takes. */
export type TargetBody<N extends CanonicalTarget> = NonNullable<TargetRequestFor<N>['body']>;
/** The query object a target takes. */
export type TargetQuery<N extends CanonicalTarget> = NonNullable<TargetRequestFor<N>['query']>;
/** What a target answers. */
export type TargetResult<N extends CanonicalTarget> = CanonicalOperations[N]['result'];
/** One row of a target's pages. */
export type TargetRow<N extends CanonicalTarget> = CanonicalOperations[N]['row'];
/**
 * An object as Intercom answers it: with its id. The descriptions leave every answer property
 * optional, but a contact, company or admin in an answer always carries its id.
 */
export type WithId<T> = T & { id: string };

export type V1ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

/** One documented parameter of the v1 operation list. */
export interface V1Param {
  name: string;
  type: V1ParamType;
  required: boolean;
  enum?: string[];
  description: string;
  /** Where the v1 list documents a type that contradicts the documented behaviour: what it says, why we differ. */
  correction?: { seedType: string; reason: string };
  /** Set on parameters the v1 list does not document but the bindings accept: the reason. */
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

/** What every data binding is, whatever its target: what `requestFromData` reads. */
export interface DataBindingShape {
  target: string;
  /** v1 parameter names filling the target's path parameters, by position. */
  path?: readonly string[];
  /** target query name → v1 parameter name. */
  query?: Readonly<Record<string, string | undefined>>;
  /** Pass the v1 `$body` through as the target body. */
  body?: 'pass';
  /** Fixed body fields merged over the passed body (e.g. `{ read: true }`). */
  fixedBody?: object;
}

type PathOf<N extends CanonicalTarget> = CanonicalOperations[N] extends { path: infer P extends readonly string[] } ? P : never;
type ParamsOf<N extends CanonicalTarget> = CanonicalOperations[N]['params'];
/** The target's query parameter names: its params but the path ones and `$body`. */
type QueryNamesOf<N extends CanonicalTarget> = Exclude<keyof ParamsOf<N>, PathOf<N>[number] | '$body'> & string;
/** One v1 parameter name per path parameter (a mapped tuple: same arity). */
type NamesFor<P extends readonly string[]> = { -readonly [I in keyof P]: string };

/**
 * A single call to target N described as data: one v1 parameter name per path parameter of N,
 * query keys N declares, and a body only where N takes one (fixed fields from N's body).
 */
type DataBindingOf<N extends CanonicalTarget> = { target: N } & (PathOf<N> extends readonly []
  ? { path?: [] }
  : { path: NamesFor<PathOf<N>> }) &
  ([QueryNamesOf<N>] extends [never] ? { query?: never } : { query?: { [Q in QueryNamesOf<N>]?: string } }) &
  ('$body' extends keyof ParamsOf<N> ? { body?: 'pass'; fixedBody?: Partial<TargetBody<N>> } : { body?: never; fixedBody?: never });

/**
 * A single call described as data: which target, and where each v1 parameter goes. Checked like
 * a function binding's `ctx.call`: a target, a path arity, a query key or a fixed body field the
 * target lacks is a compile error.
 */
export type DataBinding = { [N in CanonicalTarget]: DataBindingOf<N> }[CanonicalTarget];

/**
 * A v1 operation as the generator reads a catalog (any catalog: its targets are resolved, and
 * refused, at generation). This catalog's own operations are `V1Operation`s.
 */
export interface V1OperationInput {
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
  /**
   * For a function binding: JSON pointers of the params whose values it may put in a URL path
   * (`/conversation_id`, `/$body/user/id`; a `*` token stands for every item of an array), checked before
   * the binding runs. A data binding's are its `path`.
   */
  pathParams?: string[];
  /**
   * The v1 answer (what `run()` resolves to), for the entry's resultSchema: a JSON Schema in
   * which `{ $answerOf: '<target>' }` stands for that target's answer and `{ $rowOf: '<target>' }`
   * for one of its rows, resolved per spec version (generator/transform/v1-answer.ts). A data
   * binding's default is its target's answer. On a `resultsPath` operation it is the answer
   * without resultsPath (the first page); the generator adds the array of rows.
   */
  answer?: JsonSchema;
  /**
   * One row of what `iterate()` streams, same placeholders; where iterate() accepts the
   * operation. A `resultsPath` data binding's default is its target's row.
   */
  rows?: JsonSchema;
  binding: DataBindingShape | CanonicalBinding;
}

/** A v1 operation of this catalog: its binding, data or function, typed against the canonical targets. */
export interface V1Operation extends V1OperationInput {
  targets: CanonicalTarget[];
  binding: DataBinding | CanonicalBinding;
}
