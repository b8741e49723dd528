/**
 * Schema-guided coercion of form/template scalars ("42", "true") to the declared type, and the
 * one listed value conversion (ISO 8601 date-times → Unix seconds where the schema says so).
 *
 * Coercion runs only after params failed validation as they are (params.ts), so a value the
 * schema already accepts is never changed. A value is converted where the schema declares exactly
 * one scalar type for it (`type: t` or `type: [t, "null"]`), walking `properties`, `items`,
 * `additionalProperties`, local `$ref`s and every `allOf` part. Inside `oneOf`/`anyOf` each branch
 * is tried on a copy: when the value fits no branch as it is, the coercion of the branch that
 * then validates is kept; when several branches validate with different results (the search
 * filter's `value: oneOf [string, integer, …]` for "42"), the value is ambiguous and left for
 * validation to judge. A one-branch wrapper (UpdateContact's `$body: oneOf [update_contact_request]`)
 * is coerced with its branch even when something else in the value is wrong, so the error names
 * only what coercion cannot fix. `not` and `if` are never looked into.
 *
 * Why not Ajv `coerceTypes`: it coerces inside every `oneOf` branch it tries, so "42" (and 42)
 * matches both the string and the integer branch of the search filter and a valid search is
 * rejected.
 *
 * It works in place on the runtime's own copy of the params (the caller's object is cloned first).
 */
import { derefObject } from './json-pointer.js';
import type { JsonSchema } from './registry-types.js';

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * `$comment` of the generator's integer-date-time rule: the schema accepts Unix seconds or an
 * ISO 8601 date-time string (an `anyOf` of the two), and the API takes only the seconds.
 */
export const EPOCH_SECONDS_COMMENT = 'intercom-ops: Unix timestamp in seconds; an ISO 8601 date-time string is accepted and sent as Unix seconds.';

/** Whether a schema node is one the integer-date-time rule wrote (see EPOCH_SECONDS_COMMENT). */
export function isEpochSecondsNode(schema: JsonSchema): boolean {
  return schema.$comment === EPOCH_SECONDS_COMMENT && Array.isArray(schema.anyOf);
}

/** `2024-01-02T03:04:05+01:00` → 1704161045 (floored); undefined when it is not a date-time. */
export function epochSeconds(text: string): number | undefined {
  // RFC 3339 allows lower-case `t`/`z`, which Date.parse does not; a leap second counts as :59.
  const ms = Date.parse(text.trim().toUpperCase().replace(/:60(?=[.Z+-]|$)/, ':59'));
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

type Schema = JsonSchema | boolean | undefined;

/** Checks a value against one subschema of the root (the params schema); supplied by params.ts. */
export type SubschemaCheck = (schema: JsonSchema, value: unknown) => boolean;

/**
 * Coercion visits at most this many schema nodes per call: `oneOf` branches are tried on copies,
 * and schemas that nest them (the recursive search filter) could otherwise multiply the work.
 * Past it, values are left as they are and validation names them.
 */
export const MAX_COERCION_STEPS = 200_000;
/** Nesting bound for the schema walk; params deeper than this are refused before (params.ts). */
const MAX_SCHEMA_DEPTH = 128;

interface Walk {
  root: JsonSchema;
  check: SubschemaCheck;
  steps: number;
  /** `$ref` → the schema it resolves to, within `root`. */
  refs: Map<string, JsonSchema>;
}

/** The schema a node's local `$ref` chain ends at (the node itself without one), cached per walk. */
function resolveRef(schema: JsonSchema, walk: Walk): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  let target = walk.refs.get(ref);
  if (target === undefined) {
    target = derefObject<JsonSchema>(walk.root, schema) ?? schema;
    walk.refs.set(ref, target);
  }
  return target;
}

/** The single non-null type a schema declares, or undefined when it declares none or several. */
function singleType(schema: JsonSchema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== 'null');
    return nonNull.length === 1 ? String(nonNull[0]) : undefined;
  }
  if (schema.properties && typeof schema.properties === 'object') return 'object';
  return undefined;
}

function coerceScalar(value: unknown, type: string): unknown {
  if (typeof value === 'string') {
    const text = value.trim();
    if (type === 'integer' && INTEGER.test(text)) {
      const n = Number(text);
      return Number.isSafeInteger(n) ? n : value;
    }
    if (type === 'number' && NUMBER.test(text)) return Number(text);
    if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
    return value;
  }
  // A number or boolean where only a string is accepted (numeric ids from templates): its text.
  if (type === 'string' && (typeof value === 'number' || typeof value === 'boolean') && Number.isFinite(Number(value))) {
    return String(value);
  }
  return value;
}

function copy<T>(value: T): T {
  return value === null || typeof value !== 'object' ? value : (JSON.parse(JSON.stringify(value)) as T);
}

const isNullSchema = (schema: Schema) => !!schema && typeof schema === 'object' && schema.type === 'null' && Object.keys(schema).length === 1;

/** `oneOf`/`anyOf`: the coercion of the branch that validates, when exactly one result does. */
function coerceBranches(value: unknown, branches: Schema[], walk: Walk, depth: number): unknown {
  const schemas = branches.filter((b): b is JsonSchema => !!b && typeof b === 'object');
  if (schemas.some((branch) => walk.check(branch, value))) return value;
  const results: unknown[] = [];
  for (const branch of schemas) {
    const candidate = coerceNode(copy(value), branch, walk, depth + 1);
    if (walk.check(branch, candidate)) results.push(candidate);
  }
  const distinct = new Set(results.map((r) => JSON.stringify(r)));
  if (distinct.size === 1) return results[0];
  if (results.length === 0) {
    // Nothing validates even coerced (something else is wrong too): a lone real branch is still
    // what the value is meant to be, so coerce with it and let validation name the rest.
    const real = schemas.filter((branch) => !isNullSchema(branch));
    if (real.length === 1) return coerceNode(value, real[0], walk, depth + 1);
  }
  return value;
}

function coerceNode(value: unknown, schema: Schema, walk: Walk, depth: number): unknown {
  if (!schema || typeof schema !== 'object' || depth > MAX_SCHEMA_DEPTH || walk.steps <= 0) return value;
  walk.steps--;
  const node = resolveRef(schema, walk);
  let out: unknown = value;
  const type = singleType(node);
  if (type === 'object') {
    if (out && typeof out === 'object' && !Array.isArray(out)) {
      const object = out as Record<string, unknown>;
      const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
      const additional = node.additionalProperties;
      for (const key of Object.keys(object)) {
        const propertySchema = Object.hasOwn(properties, key)
          ? properties[key]
          : typeof additional === 'object' ? (additional as JsonSchema) : undefined;
        if (propertySchema) object[key] = coerceNode(object[key], propertySchema, walk, depth + 1);
      }
    }
  } else if (type === 'array') {
    const items = node.items;
    if (Array.isArray(out) && items && typeof items === 'object' && !Array.isArray(items)) {
      for (let i = 0; i < out.length; i++) out[i] = coerceNode(out[i], items as JsonSchema, walk, depth + 1);
    }
  } else if (type) {
    out = coerceScalar(out, type);
  }
  if (Array.isArray(node.allOf)) for (const part of node.allOf as Schema[]) out = coerceNode(out, part, walk, depth + 1);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(node[keyword])) out = coerceBranches(out, node[keyword] as Schema[], walk, depth);
  }
  return out;
}

/** Coerces a flat params object (already the runtime's own copy) against its paramsSchema. */
export function coerceParams(params: Record<string, unknown>, schema: JsonSchema, check: SubschemaCheck): Record<string, unknown> {
  return coerceNode(params, schema, { root: schema, check, steps: MAX_COERCION_STEPS, refs: new Map() }, 0) as Record<string, unknown>;
}

/** Whether any node of the schema is an integer-date-time one (computed once per schema). */
const hasEpochSeconds = new WeakMap<JsonSchema, boolean>();
export function usesEpochSeconds(schema: JsonSchema): boolean {
  let found = hasEpochSeconds.get(schema);
  if (found === undefined) {
    found = JSON.stringify(schema).includes(JSON.stringify(EPOCH_SECONDS_COMMENT));
    hasEpochSeconds.set(schema, found);
  }
  return found;
}

/** The branches of a node's oneOf/anyOf that are not `{ type: "null" }`: what convertNode checks a value against. */
function realBranches(node: JsonSchema, keyword: 'oneOf' | 'anyOf'): JsonSchema[] {
  const branches = (Array.isArray(node[keyword]) ? node[keyword] : []) as Schema[];
  return branches.filter((b): b is JsonSchema => !!b && typeof b === 'object' && !isNullSchema(b));
}

function convertNode(value: unknown, schema: Schema, walk: Walk, depth: number): unknown {
  if (!schema || typeof schema !== 'object' || depth > MAX_SCHEMA_DEPTH || value === null || value === undefined) return value;
  const node = resolveRef(schema, walk);
  if (isEpochSecondsNode(node)) {
    return typeof value === 'string' ? (epochSeconds(value) ?? value) : value;
  }
  if (Array.isArray(value)) {
    const items = node.items;
    if (items && typeof items === 'object' && !Array.isArray(items)) {
      for (let i = 0; i < value.length; i++) value[i] = convertNode(value[i], items as JsonSchema, walk, depth + 1);
    }
  } else if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    const additional = node.additionalProperties;
    for (const key of Object.keys(object)) {
      const propertySchema = Object.hasOwn(properties, key) ? properties[key] : typeof additional === 'object' ? (additional as JsonSchema) : undefined;
      if (propertySchema) object[key] = convertNode(object[key], propertySchema, walk, depth + 1);
    }
  }
  let out: unknown = value;
  if (Array.isArray(node.allOf)) for (const part of node.allOf as Schema[]) out = convertNode(out, part, walk, depth + 1);
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const real = realBranches(node, keyword);
    // Only the branches the (valid) value matches: another branch may read the same name otherwise.
    for (const branch of real) if (real.length === 1 || walk.check(branch, out)) out = convertNode(out, branch, walk, depth + 1);
  }
  return out;
}

/** Whether `node` (any part of a schema) holds a union convertNode checks branches of. */
function hasCheckedUnion(node: unknown, seen: Set<object>): boolean {
  if (!node || typeof node !== 'object' || seen.has(node)) return false;
  seen.add(node);
  if (Array.isArray(node)) return node.some((item) => hasCheckedUnion(item, seen));
  const schema = node as JsonSchema;
  // convertNode stops at an integer-date-time node: its own anyOf is never checked.
  if (isEpochSecondsNode(schema)) return false;
  for (const keyword of ['oneOf', 'anyOf'] as const) if (realBranches(schema, keyword).length > 1) return true;
  return Object.values(schema).some((value) => hasCheckedUnion(value, seen));
}

/**
 * Whether converting valid params may check a value against union branches (a oneOf/anyOf of
 * more than one real branch, in a schema with integer-date-time places): only then does
 * convertParams compile subschemas. The whole schema is searched (`$defs` included), a superset
 * of what a walk reaches.
 */
const checksBranches = new WeakMap<JsonSchema, boolean>();
export function convertChecksBranches(schema: JsonSchema): boolean {
  let found = checksBranches.get(schema);
  if (found === undefined) {
    found = usesEpochSeconds(schema) && hasCheckedUnion(schema, new Set());
    checksBranches.set(schema, found);
  }
  return found;
}

/**
 * Valid params → what is sent: ISO 8601 date-time strings at integer-date-time places become
 * Unix seconds. A no-op (no walk) for schemas without such places.
 */
export function convertParams(params: Record<string, unknown>, schema: JsonSchema, check: SubschemaCheck): Record<string, unknown> {
  if (!usesEpochSeconds(schema)) return params;
  return convertNode(params, schema, { root: schema, check, steps: MAX_COERCION_STEPS, refs: new Map() }, 0) as Record<string, unknown>;
}
