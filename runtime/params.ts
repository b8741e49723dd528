/**
 * Params validation: clone (never touch the caller's object), reject unknown names, validate
 * against the operation's paramsSchema; params that fail are coerced (form scalars) and validated
 * again, and params that still fail are explained by Ajv.
 *
 * A generated registry may come with precompiled validators (Ajv's standalone code, written by the
 * generator: generated/<version>/validators/), one module per distinct params schema, imported
 * the first time its operation is called. Everything else is compiled by Ajv the first time it is
 * needed: the explaining validator of failed params, the branch checks of coercion, answers
 * checked by `validateResponses`, and every schema of a registry without precompiled code. Ajv
 * itself (71 CommonJS files) is imported only then, so a process whose params validate never loads
 * it (bench/startup.ts).
 */
import { types } from 'node:util';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { AjvCore } from './ajv.js';
import { coerceParams, convertChecksBranches, convertParams, type SubschemaCheck } from './coerce.js';
import { ConfigError, InternalError, InvalidParamsError, type ParamIssue } from './errors.js';
import { encodePointerToken } from './json-pointer.js';
import { OnFirstUse } from './on-first-use.js';
import type { JsonSchema } from './registry-types.js';

export type Params = Record<string, unknown>;

/** A quick validator: pass or fail (its errors, if any, are never read: `explain` lists them). */
export type QuickValidator = (data: unknown) => boolean;

/**
 * Precompiled params validators of a registry, by operation name: each imports its module (the
 * quick validator of that operation's paramsSchema) when first called.
 */
export type PrecompiledValidators = Readonly<Record<string, () => Promise<QuickValidator>>>;

/** Ajv (runtime/ajv.ts), imported once per process when first needed (a literal specifier: bundlers follow it). */
const ajvModule = new OnFirstUse(() => import('./ajv.js'));

/** Imports Ajv if it is not yet; answers at once (no promise) once it is. A failed import is tried again next time. */
export function loadAjv(): typeof import('./ajv.js') | Promise<typeof import('./ajv.js')> {
  return ajvModule.get();
}

/**
 * Compiles and caches validators per schema object; one instance per loaded registry. Each schema
 * gets a quick validator (stops at the first error: every pass/fail question, including the
 * branch checks of coercion) and, only once some params failed, an explaining one (`allErrors`)
 * that lists every issue. A params schema's quick validator is its precompiled one when the
 * registry has it (`prepareParams`).
 */
export class ValidatorCache {
  private quickAjv: AjvCore | undefined;
  private explainAjv: AjvCore | undefined;
  private readonly quick = new WeakMap<JsonSchema, QuickValidator>();
  private readonly explaining = new WeakMap<JsonSchema, ValidateFunction>();
  /** The check of subschemas (oneOf/anyOf branches) per root schema, with their validators compiled with its `$defs`. */
  private readonly subschemaChecks = new WeakMap<JsonSchema, SubschemaCheck>();
  /** How many quick validators Ajv compiled so far (params or answer schemas; tests check laziness). */
  compiledCount = 0;
  /** How many precompiled validators were imported so far. */
  precompiledCount = 0;

  /**
   * `checkedSchemas`: the schemas were compiled with the same strict Ajv when the registry was
   * generated, so they are not checked against the meta-schema again (compiling it cost the first
   * call of a process about 20 ms). `precompiled`: the registry's precompiled params validators.
   */
  constructor(
    private readonly dialect?: string,
    private readonly checkedSchemas = false,
    private readonly precompiled: PrecompiledValidators = {},
  ) {}

  /** Ajv is imported: every method may compile. Until then only prepared params validators answer. */
  get ajvLoaded(): boolean {
    return ajvModule.value !== undefined;
  }

  /**
   * Makes `get(schema)` answer without compiling, when it can: `operation`'s precompiled validator
   * is imported for its paramsSchema `schema`; without one, Ajv is imported to compile it.
   */
  async prepareParams(schema: JsonSchema, operation: string): Promise<void> {
    if (this.quick.has(schema)) return;
    const load = Object.hasOwn(this.precompiled, operation) ? this.precompiled[operation] : undefined;
    if (!load) {
      await loadAjv();
      return;
    }
    const validate = await load();
    if (!this.quick.has(schema)) {
      this.quick.set(schema, validate);
      this.precompiledCount++;
    }
  }

  /** Whether `get(schema)` answers without compiling. */
  has(schema: JsonSchema): boolean {
    return this.quick.has(schema);
  }

  private compile(schema: JsonSchema, operation: string, allErrors: boolean): ValidateFunction {
    // Every caller awaits loadAjv() (or prepareParams) first: reaching here without Ajv is a defect.
    const ajvLoaded = ajvModule.value;
    if (!ajvLoaded) throw new InternalError(`${operation}: a validator was needed before Ajv was loaded`, { operation });
    const extra = this.checkedSchemas ? { validateSchema: false } : {};
    const ajv = allErrors
      ? (this.explainAjv ??= ajvLoaded.createAjv(this.dialect, extra))
      : (this.quickAjv ??= ajvLoaded.createAjv(this.dialect, { ...extra, allErrors: false }));
    try {
      return ajv.compile(schema) as ValidateFunction;
    } catch (error) {
      // A schema Ajv cannot compile is a generation bug: say which operation, never guess.
      throw new ConfigError(`${operation}: its paramsSchema does not compile (${(error as Error).message})`, { operation });
    }
  }

  /** The quick validator: true or false. */
  get(schema: JsonSchema, operation: string): QuickValidator {
    let validate = this.quick.get(schema);
    if (!validate) {
      validate = this.compile(schema, operation, false);
      this.quick.set(schema, validate);
      this.compiledCount++;
    }
    return validate;
  }

  /** The explaining validator: every error (linear in their number, see ajv.ts). */
  explain(schema: JsonSchema, operation: string): ValidateFunction {
    let validate = this.explaining.get(schema);
    if (!validate) {
      validate = this.compile(schema, operation, true);
      this.explaining.set(schema, validate);
    }
    return validate;
  }

  /** A check of values against subschemas of `root` (their `$ref`s resolve in root's `$defs`), one per root. */
  subschemaCheck(root: JsonSchema, operation: string): SubschemaCheck {
    let check = this.subschemaChecks.get(root);
    if (!check) {
      const byNode = new WeakMap<JsonSchema, ValidateFunction>();
      check = (schema, value) => {
        let validate = byNode.get(schema);
        if (!validate) {
          const standalone: JsonSchema = root.$defs ? { ...schema, $defs: root.$defs } : { ...schema };
          validate = this.compile(standalone, operation, false);
          byNode.set(schema, validate);
        }
        return validate(value) as boolean;
      };
      this.subschemaChecks.set(root, check);
    }
    return check;
  }

}

/**
 * Deepest nesting of objects and arrays accepted in params. Intercom's deepest documented bodies
 * (a search with two levels of AND/OR) nest about ten levels; far deeper input would overflow the
 * stack of Ajv's recursive validators, so it is refused before they run (a copy that overflows
 * first is reported the same way).
 */
export const MAX_PARAMS_DEPTH = 64;

/**
 * The first top-level param nested deeper than MAX_PARAMS_DEPTH (or holding a cycle), without
 * recursion: an explicit stack, so any input is measured without overflowing.
 */
function tooDeep(params: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(params)) {
    const stack: Array<{ value: unknown; depth: number }> = [{ value: params[key], depth: 1 }];
    while (stack.length) {
      const { value, depth } = stack.pop()!;
      if (!value || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') continue;
      if (depth > MAX_PARAMS_DEPTH) return key;
      const children = Array.isArray(value) ? value : Object.values(value);
      for (const child of children) if (child && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return undefined;
}

function refuseTooDeep(params: Record<string, unknown>, operation: string): void {
  const deep = tooDeep(params);
  if (deep === undefined) return;
  const path = `/${encodePointerToken(deep)}`;
  const message = `is nested more than ${MAX_PARAMS_DEPTH} levels deep (or refers to itself)`;
  throw new InvalidParamsError(`${operation}: invalid params: ${clip(path)} ${message}`, { operation, issues: [{ path, message }] });
}

/** Thrown by jsonValue for what JSON refuses (the round trip then says why, as it always has). */
const JSON_ROUND_TRIP = Symbol('JSON round trip');

/** Node 21+: `JSON.rawJSON` values, which JSON.stringify writes as their text (left to the round trip). */
const isRawJSON = (JSON as { isRawJSON?: (value: unknown) => boolean }).isRawJSON;

/**
 * `value` (a property's, `key` its name or index) as JSON.parse(JSON.stringify(value)) answers
 * it, made directly: a few times faster than the round trip for the usual small params. Answers
 * undefined for what JSON leaves out (undefined, functions, symbols); `depth` is the nesting of
 * an object or array `value` (the params object is at 0). Throws JSON_ROUND_TRIP for what JSON
 * refuses (a BigInt) and for nesting past MAX_PARAMS_DEPTH (every cycle reaches it).
 */
function jsonValue(value: unknown, key: string | number, depth: number): unknown {
  if (value !== null && (typeof value === 'object' || typeof value === 'function' || typeof value === 'bigint')) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, String(key));
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return jsonNumber(value);
    case 'object':
      return value === null ? null : jsonObject(value, depth);
    case 'bigint':
      throw JSON_ROUND_TRIP;
    default:
      return undefined;
  }
}

/** NaN and the infinities are written as null; -0 as 0 (-0 + 0 is 0). */
function jsonNumber(value: number): number | null {
  return Number.isFinite(value) ? value + 0 : null;
}

/**
 * An object or array as JSON copies it: own enumerable string keys in their order, array items up
 * to the length it had when the copy began (holes and left-out items as null), boxed primitives
 * as JSON reads them whatever their prototype: a Number through ToNumber, a String through
 * ToString (both may call the object's own valueOf/toString), a Boolean's boxed value directly.
 */
function jsonObject(value: object, depth: number): unknown {
  if (types.isBoxedPrimitive(value)) {
    if (types.isNumberObject(value)) return jsonNumber(Number(value));
    if (types.isStringObject(value)) return String(value);
    if (types.isBooleanObject(value)) return Boolean.prototype.valueOf.call(value);
    // A BigInt (JSON refuses it) or a Symbol (JSON's own rules for it): the round trip answers.
    throw JSON_ROUND_TRIP;
  }
  if (isRawJSON?.(value)) throw JSON_ROUND_TRIP;
  if (depth > MAX_PARAMS_DEPTH) throw JSON_ROUND_TRIP;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    // Read once, as JSON.stringify does: a toJSON or getter that grows the array adds nothing.
    const length = value.length;
    for (let i = 0; i < length; i++) copy.push(jsonValue(value[i], i, depth + 1) ?? null);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const name of Object.keys(value)) {
    const item = jsonValue((value as Record<string, unknown>)[name], name, depth + 1);
    if (item === undefined) continue;
    // An own "__proto__" property, as JSON.parse makes it (an assignment would set the prototype).
    if (name === '__proto__') Object.defineProperty(copy, name, { value: item, writable: true, enumerable: true, configurable: true });
    else copy[name] = item;
  }
  return copy;
}

/**
 * The runtime's own copy of the params, as JSON data (structuredClone would accept Dates/Maps and
 * reject functions with a DOMException), nested at most MAX_PARAMS_DEPTH levels. Made directly
 * (jsonValue); params it cannot copy (refused, or a toJSON or getter that throws) and params with
 * a toJSON of their own go through the JSON round trip, which gives the error it always has
 * (their getters and toJSONs are then called a second time).
 */
export function copyParams(params: unknown, operation: string): Params {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new InvalidParamsError(`${operation}: params must be an object`, {
      operation,
      issues: [{ path: '', message: 'must be an object of parameters' }],
    });
  }
  if (typeof (params as { toJSON?: unknown }).toJSON !== 'function') {
    try {
      return jsonObject(params, 0) as Params;
    } catch {
      // Copied again below, where the error (or the refusal) is the one the round trip gives.
    }
  }
  return jsonRoundTrip(params as Record<string, unknown>, operation);
}

/** copyParams through JSON text: what it answers, or refuses, for every input. */
function jsonRoundTrip(params: Record<string, unknown>, operation: string): Params {
  let text: string;
  try {
    text = JSON.stringify(params);
  } catch (error) {
    // A cycle, or nesting too deep for the copy's own recursion: named as such when it is.
    refuseTooDeep(params, operation);
    throw new InvalidParamsError(`${operation}: params must be JSON data`, {
      operation,
      issues: [{ path: '', message: `must be JSON data (${(error as Error).message})` }],
    });
  }
  const copy = JSON.parse(text) as Params;
  // Each level of nesting takes at least two characters: text this short cannot be too deep, so
  // the usual small params are not walked. The copy is walked, not the original: a toJSON may nest.
  if (text.length > 2 * MAX_PARAMS_DEPTH) refuseTooDeep(copy, operation);
  return copy;
}

/** Issues listed on the error (and in its message); the rest are counted in `omittedIssues`. */
export const MAX_LISTED_ISSUES = 100;
/** Longest error message; issues beyond it are still in `issues`, counted in the text. */
export const MAX_MESSAGE_LENGTH = 2_000;
/** Longest path or message text of one issue (a 200,000-character unknown name is named, clipped). */
export const MAX_ISSUE_TEXT = 300;

function clip(text: string, max = MAX_ISSUE_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function issueFromAjv(error: ErrorObject): ParamIssue {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return { path: `${error.instancePath}/${encodePointerToken(String(params.missingProperty))}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const where = `${error.instancePath}/${encodePointerToken(String(params.additionalProperty))}`;
    return { path: where, message: error.instancePath ? 'is not an allowed property' : 'is not a parameter of this operation' };
  }
  if (error.keyword === 'enum') {
    return { path: error.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

const UNKNOWN_PARAM = 'is not a parameter of this operation';

/** What unknownParams answers for params whose names are all known (the usual call): one shared, empty list. */
const NO_ISSUES: readonly ParamIssue[] = Object.freeze([]);

/** Unknown top-level names, checked directly so they are named even if the schema were open. */
function unknownParams(params: Params, schema: JsonSchema): readonly ParamIssue[] {
  const properties = schema.properties;
  if (!properties || typeof properties !== 'object') return NO_ISSUES;
  let issues: ParamIssue[] | undefined;
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(properties, key)) (issues ??= []).push({ path: `/${encodePointerToken(key)}`, message: UNKNOWN_PARAM });
  }
  return issues ?? NO_ISSUES;
}

/**
 * The error for a list of issues, in time linear in their number: the first MAX_LISTED_ISSUES
 * kept with texts clipped, the rest counted; the message lists what fits in MAX_MESSAGE_LENGTH
 * and says how many more there are (`found` holds each issue once: issuesOf).
 */
function invalidParams(operation: string, context: string | undefined, found: Iterable<ParamIssue>, schema: JsonSchema): InvalidParamsError {
  const listed: ParamIssue[] = [];
  let total = 0;
  let unknown = false;
  for (const issue of found) {
    total++;
    if (issue.message === UNKNOWN_PARAM) unknown = true;
    if (listed.length < MAX_LISTED_ISSUES) listed.push({ path: clip(issue.path), message: clip(issue.message) });
  }
  let message = `${operation}: invalid params${context ? ` ${context}` : ''}:`;
  let shown = 0;
  for (const issue of listed) {
    const part = ` ${issue.path || '(params)'} ${issue.message};`;
    if (message.length + part.length > MAX_MESSAGE_LENGTH - 200) break;
    message += part;
    shown++;
  }
  message = message.replace(/;$/, '');
  if (shown < total) message += ` … and ${total - shown} more issue${total - shown === 1 ? '' : 's'}`;
  if (unknown) {
    const known = Object.keys((schema.properties ?? {}) as object);
    message += ` (its parameters: ${clip(known.join(', ') || 'none', 150)})`;
  }
  return new InvalidParamsError(message, {
    operation,
    issues: listed,
    ...(total > listed.length ? { omittedIssues: total - listed.length } : {}),
  });
}

export interface ValidateOptions {
  /** Prefix for the message (a v1 binding's translated request names its target). */
  context?: string;
}

function* issuesOf(unknown: readonly ParamIssue[], errors: ErrorObject[] | null | undefined): Generator<ParamIssue> {
  yield* unknown;
  const named = new Set(unknown.map((issue) => issue.path));
  // Each issue once: the branches of an anyOf/oneOf often report the same one (`name is required` from each).
  const seen = new Set<string>();
  for (const error of errors ?? []) {
    const issue = issueFromAjv(error);
    // The direct unknown-name check already named these parameters; Ajv's echo adds nothing.
    if (issue.message === UNKNOWN_PARAM && named.has(issue.path)) continue;
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    yield issue;
  }
}

/**
 * Validates `params` (the runtime's own copy); when they fail as they are, coerces form scalars
 * in place (coerce.ts) and validates again. Then the listed conversions (date-times → seconds).
 * Throws INVALID_PARAMS naming each offending parameter. Imports what it needs first: the
 * operation's validator, and Ajv only when params fail or a conversion must check union branches.
 * Answers at once (no promise) once what it needs is there: the common call pays no wait.
 */
export function validateParams(
  params: Params,
  schema: JsonSchema,
  cache: ValidatorCache,
  operation: string,
  options: ValidateOptions = {},
): Params | Promise<Params> {
  if (!cache.has(schema)) return cache.prepareParams(schema, operation).then(() => validateReady(params, schema, cache, operation, options));
  return validateReady(params, schema, cache, operation, options);
}

/** validateParams once the schema's quick validator is there (prepared, or Ajv loaded to compile it). */
function validateReady(params: Params, schema: JsonSchema, cache: ValidatorCache, operation: string, options: ValidateOptions): Params | Promise<Params> {
  if (cache.ajvLoaded) return validateLoadedParams(params, schema, cache, operation, options);
  if (!convertChecksBranches(schema) && !unknownParams(params, schema).length && cache.get(schema, operation)(params)) {
    return convertParams(params, schema, cache.subschemaCheck(schema, operation));
  }
  return Promise.resolve(loadAjv()).then(() => validateLoadedParams(params, schema, cache, operation, options));
}

/**
 * validateParams for a caller that cannot wait (a v1 binding's translated request): the cache
 * must have Ajv loaded already (the v1 executor loads it before a binding runs).
 */
export function validateLoadedParams(
  params: Params,
  schema: JsonSchema,
  cache: ValidatorCache,
  operation: string,
  options: ValidateOptions = {},
): Params {
  const validate = cache.get(schema, operation);
  const check = cache.subschemaCheck(schema, operation);
  const unknown = unknownParams(params, schema);
  if (!unknown.length && validate(params)) return convertParams(params, schema, check);
  const coerced = coerceParams(params, schema, check);
  if (!unknown.length && validate(coerced)) return convertParams(coerced, schema, check);
  // Failed even coerced: now list what is wrong (unknown names included, if the schema names them too).
  const explain = cache.explain(schema, operation);
  explain(coerced);
  throw invalidParams(operation, options.context, issuesOf(unknown, explain.errors), schema);
}
