/**
 * Params schemas as tool formats take them. Every change here makes a schema equal or looser,
 * never stricter: the schema guides the model, and run() still validates each call against the
 * full paramsSchema before anything is sent.
 *
 * - portable (every format): the top level is `type: "object"` with no `oneOf`/`anyOf`/`allOf`/
 *   `enum`/`const`/`not` (OpenAI and Anthropic refuse such a top level: the properties of
 *   combined branches are merged into the top level instead); an array schema without `items`
 *   gets `items: {}` (OpenAI refuses "array schema missing items"; `{}` allows what no `items`
 *   allows); `$schema` and `$comment` go (the MCP SDK's client compiles schemas with a draft-07
 *   Ajv that does not know the 2020-12 meta-schema URI); boolean subschemas become objects
 *   in lists and maps (`true` → `{}`, `false` → `{ not: {} }`), since the MCP SDK requires object
 *   property schemas (`additionalProperties: false` stays as it is).
 * - openai, in addition: `oneOf` becomes `anyOf` and `allOf` is merged into its parent (OpenAI's
 *   function schemas document `anyOf` as the one combinator; `allOf`, `not`, `if`/`then`/`else`,
 *   `dependentRequired` and `dependentSchemas` are listed as unsupported), and the unsupported
 *   keywords are dropped.
 */
import { resolveRef } from '../runtime/json-pointer.js';
import type { JsonSchema } from '../entry/index.js';

/** Keywords refused at the top of OpenAI function parameters and Anthropic input schemas. */
export const TOP_LEVEL_REFUSED = ['oneOf', 'anyOf', 'allOf', 'enum', 'const', 'not'] as const;
/** Keywords OpenAI function schemas do not support, dropped from every subschema. */
export const OPENAI_UNSUPPORTED = ['allOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'dependencies'] as const;
/** Annotation-only keywords some validators refuse; dropped everywhere. */
const DROPPED_ANNOTATIONS = ['$schema', '$comment'];

/** Keywords whose value is one subschema. */
const SINGLE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems'];
/** Keywords whose value is a list of subschemas. */
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
/** Keywords whose value maps names to subschemas. */
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

type Visit = (schema: JsonSchema) => JsonSchema;

function isObject(value: unknown): value is JsonSchema {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** A copy with `visit` applied to every subschema, children first. Data keywords (enum, const, examples, default) are copied as they are. */
function mapSchema(schema: unknown, visit: Visit): JsonSchema {
  if (schema === true) return visit({});
  if (schema === false) return visit({ not: {} });
  if (!isObject(schema)) return schema as JsonSchema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    // A boolean in a single-schema position (`additionalProperties: false`) is kept: every format takes it.
    if (SINGLE.includes(key) && isObject(value)) out[key] = mapSchema(value, visit);
    else if (LISTS.includes(key) && Array.isArray(value)) out[key] = value.map((item) => mapSchema(item, visit));
    else if (MAPS.includes(key) && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mapSchema(item, visit)]));
    else out[key] = structuredClone(value);
  }
  return visit(out);
}

function hasType(schema: JsonSchema, type: string): boolean {
  return schema.type === type || (Array.isArray(schema.type) && schema.type.includes(type));
}

function tidy(schema: JsonSchema): JsonSchema {
  for (const key of DROPPED_ANNOTATIONS) delete schema[key];
  if (hasType(schema, 'array') && !('items' in schema) && !('prefixItems' in schema)) schema.items = {};
  return schema;
}

/** A local `$ref` followed (repeatedly) to the schema it names; a ref that resolves nowhere stays as it is. */
function deref(root: JsonSchema, schema: JsonSchema, seen = new Set<string>()): JsonSchema {
  let current = schema;
  while (typeof current.$ref === 'string' && !seen.has(current.$ref)) {
    seen.add(current.$ref);
    const target = resolveRef(root, current.$ref);
    if (!isObject(target)) return current;
    const { $ref: _ref, ...siblings } = current;
    current = { ...target, ...siblings };
  }
  return current;
}

/**
 * Merges an `allOf` branch into `target`: properties it lacks, the union of `required`, and the
 * keywords the target does not set. `properties` only, for an `anyOf`/`oneOf` branch: its other
 * keywords hold only when that branch is the one matched.
 */
function mergeInto(target: JsonSchema, branch: JsonSchema, everything: boolean): void {
  if (isObject(branch.properties)) {
    const properties = (target.properties ??= {}) as Record<string, unknown>;
    for (const [name, schema] of Object.entries(branch.properties)) if (!(name in properties)) properties[name] = schema;
  }
  if (!everything) return;
  if (Array.isArray(branch.required)) {
    target.required = [...new Set([...((target.required as string[] | undefined) ?? []), ...(branch.required as string[])])];
  }
  for (const [key, value] of Object.entries(branch)) {
    if (key === 'properties' || key === 'required' || key === '$ref' || key === '$defs' || key in target) continue;
    target[key] = value;
  }
}

/** The top level as every format takes it: `type: "object"`, combinators merged in and removed. */
function flattenTop(schema: JsonSchema): JsonSchema {
  const top: JsonSchema = { ...schema, type: 'object' };
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = top[key];
    delete top[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      if (!isObject(branch)) continue;
      mergeInto(top, flattenTop(deref(schema, branch)), key === 'allOf');
    }
  }
  delete top.type;
  for (const key of ['enum', 'const', 'not'] as const) delete top[key];
  if (!isObject(top.properties)) top.properties = {};
  return { type: 'object', ...top };
}

/** The schema every format gets (see the module comment). */
export function portableSchema(schema: JsonSchema): JsonSchema {
  return flattenTop(mapSchema(schema, tidy));
}

/** `allOf` branches merged into their parent, following local refs; the branches' requirements kept. */
function mergeAllOf(root: JsonSchema, schema: JsonSchema, seen: ReadonlySet<string> = new Set()): JsonSchema {
  if (!Array.isArray(schema.allOf)) return schema;
  const { allOf, ...merged } = schema;
  for (const branch of allOf as unknown[]) {
    if (!isObject(branch)) continue;
    // A definition that includes itself through allOf is merged once.
    const ref = typeof branch.$ref === 'string' ? branch.$ref : undefined;
    if (ref && seen.has(ref)) continue;
    const inner = ref ? new Set([...seen, ref]) : seen;
    mergeInto(merged, mergeAllOf(root, deref(root, branch), inner), true);
  }
  return merged;
}

/** The schema for an OpenAI function's `parameters` (see the module comment). */
export function openAiSchema(schema: JsonSchema): JsonSchema {
  let out = mapSchema(portableSchema(schema), (node) => {
    const { oneOf, ...rest } = node;
    const converted: JsonSchema = Array.isArray(oneOf) && !('anyOf' in rest) ? { ...rest, anyOf: oneOf } : rest;
    for (const key of OPENAI_UNSUPPORTED) if (key !== 'allOf') delete converted[key];
    return converted;
  });
  // A merged branch may bring nested allOf of its own (from a $ref'd definition): merge again,
  // a bounded number of times, then drop what is left (looser, never stricter).
  for (let round = 0; round < 8 && JSON.stringify(out).includes('"allOf"'); round++) {
    const root = out;
    out = mapSchema(root, (node) => mergeAllOf(root, node));
  }
  return mapSchema(out, (node) => {
    delete node.allOf;
    return node;
  });
}

/** An MCP `outputSchema` from a result schema: only when it describes an object (the protocol's rule). */
export function outputSchemaFrom(resultSchema: unknown): JsonSchema | undefined {
  if (!isObject(resultSchema) || resultSchema.type !== 'object') return undefined;
  return mapSchema(resultSchema, tidy);
}
