/**
 * Working with converted, self-contained JSON Schemas (a root with its `$defs`): taking a part
 * out (one row of a list answer) and putting parts together (a v1 answer made of its targets'
 * answers), so that every result keeps only the `$defs` it reaches.
 */
import type { JsonSchema } from '../../runtime/registry-types.js';

const DEFS_PREFIX = '#/$defs/';

type Defs = Record<string, JsonSchema>;

function defName(ref: unknown): string | undefined {
  return typeof ref === 'string' && ref.startsWith(DEFS_PREFIX) && !ref.slice(DEFS_PREFIX.length).includes('/')
    ? ref.slice(DEFS_PREFIX.length)
    : undefined;
}

function directRefs(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => directRefs(item, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$defs') continue;
      const name = key === '$ref' ? defName(value) : undefined;
      if (name !== undefined) out.add(name);
      else directRefs(value, out);
    }
  }
  return out;
}

/** The `$defs` a schema reaches (transitively) in `defs`, sorted by name; a missing one fails, naming `where`. */
export function reachableDefs(schema: JsonSchema, defs: Defs, where: string): Defs {
  const seen = new Set<string>();
  const queue = [...directRefs(schema, new Set())];
  while (queue.length) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    if (!Object.hasOwn(defs, name)) throw new Error(`${where}: $ref to #/$defs/${name}, which is not defined`);
    seen.add(name);
    queue.push(...directRefs(defs[name], new Set()));
  }
  return Object.fromEntries([...seen].sort().map((name) => [name, defs[name]!]));
}

/** A schema node made self-contained: `$defs` it reaches copied from `defs` (none: no `$defs`). */
export function withDefs(schema: JsonSchema, defs: Defs, where: string): JsonSchema {
  const { $defs: _own, ...rest } = schema;
  const reached = reachableDefs(rest, defs, where);
  const out = structuredClone(rest);
  if (Object.keys(reached).length) out.$defs = structuredClone(reached);
  return out;
}

/** Follows `$ref`s into `defs` (a bounded number of hops). */
function resolve(node: unknown, defs: Defs): JsonSchema | undefined {
  let current = node;
  for (let hops = 0; hops < 32 && current && typeof current === 'object'; hops++) {
    const name = defName((current as JsonSchema).$ref);
    if (name === undefined) return current as JsonSchema;
    current = defs[name];
  }
  return undefined;
}

/** Every schema a property `key` of a value matching `node` may match (through allOf/anyOf/oneOf). */
function propertySchemas(node: unknown, key: string, defs: Defs, depth = 0): JsonSchema[] {
  const schema = resolve(node, defs);
  if (!schema || depth > 10) return [];
  const found: JsonSchema[] = [];
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (properties && Object.hasOwn(properties, key)) found.push(properties[key]!);
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const branch of branches) found.push(...propertySchemas(branch, key, defs, depth + 1));
  }
  return found;
}

/** The item schemas of the array schemas among `nodes` (a `type` list with "array" counts). */
function itemSchemas(nodes: unknown[], defs: Defs): JsonSchema[] {
  const items: JsonSchema[] = [];
  for (const node of nodes) {
    const schema = resolve(node, defs);
    if (!schema) continue;
    const type = schema.type;
    const isArray = type === 'array' || (Array.isArray(type) && type.includes('array'));
    if (isArray && schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)) items.push(schema.items as JsonSchema);
    for (const keyword of ['anyOf', 'oneOf']) {
      const branches = schema[keyword];
      if (Array.isArray(branches)) items.push(...itemSchemas(branches, defs));
    }
  }
  return items;
}

/** Names of the properties a value matching `node` may have whose schema is an array. */
function arrayProperties(node: unknown, defs: Defs, depth = 0): string[] {
  const schema = resolve(node, defs);
  if (!schema || depth > 10) return [];
  const names: string[] = [];
  for (const [name, property] of Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {})) {
    if (itemSchemas([property], defs).length && !names.includes(name)) names.push(name);
  }
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches)) for (const branch of branches) for (const name of arrayProperties(branch, defs, depth + 1)) if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * One row of a list answer, self-contained, or null when the answer holds no rows there. With a
 * `rowsPath` (a dot path, as pagination names it): the items at that path. Without (a list that
 * does not page), the rule `rowsOf()` follows at run time: an array answer's items, else `data`,
 * else the answer's only array property.
 */
export function rowSchemaOf(result: JsonSchema | null, rowsPath: string | null, where: string): JsonSchema | null {
  if (!result) return null;
  const defs = (result.$defs as Defs | undefined) ?? {};
  let nodes: unknown[];
  if (rowsPath !== null) {
    nodes = [result];
    for (const key of rowsPath.split('.').filter(Boolean)) nodes = nodes.flatMap((node) => propertySchemas(node, key, defs));
  } else {
    const direct = itemSchemas([result], defs);
    if (direct.length) return combine(direct, defs, where);
    const arrays = arrayProperties(result, defs);
    const key = arrays.includes('data') ? 'data' : arrays.length === 1 ? arrays[0] : undefined;
    if (key === undefined) return null;
    nodes = propertySchemas(result, key, defs);
  }
  const items = itemSchemas(nodes, defs);
  return items.length ? combine(items, defs, where) : null;
}

/** One schema, or `anyOf` the distinct ones; a bare `$ref` is inlined so the root shows its properties. */
function combine(schemas: JsonSchema[], defs: Defs, where: string): JsonSchema {
  const distinct: JsonSchema[] = [];
  for (const schema of schemas) if (!distinct.some((s) => JSON.stringify(s) === JSON.stringify(schema))) distinct.push(schema);
  if (distinct.length > 1) return withDefs({ anyOf: distinct }, defs, where);
  const only = distinct[0]!;
  const name = Object.keys(only).length === 1 ? defName(only.$ref) : undefined;
  return withDefs(name !== undefined ? defs[name]! : only, defs, where);
}

/** Placeholders a composed schema may hold, each replaced by a part of a target's schemas. */
export type PartLookup = (kind: '$answerOf' | '$rowOf', target: string) => JsonSchema | null;

/**
 * A schema in which `{ "$answerOf": "<target>" }` / `{ "$rowOf": "<target>" }` nodes stand for
 * parts of other self-contained schemas: each is replaced by that part (its `$defs` hoisted to the
 * root; a part that is null, an answer without a body, becomes `{ "type": "null" }`). Sibling
 * keywords of a placeholder (a description) are kept beside the part.
 */
export function composeSchema(template: JsonSchema, lookup: PartLookup, where: string): JsonSchema {
  const defs: Defs = {};
  const hoist = (part: JsonSchema): JsonSchema => {
    const { $defs, ...rest } = part;
    for (const [name, def] of Object.entries(($defs as Defs | undefined) ?? {})) {
      if (Object.hasOwn(defs, name) && JSON.stringify(defs[name]) !== JSON.stringify(def)) {
        throw new Error(`${where}: two parts define $defs/${name} differently`);
      }
      defs[name] = def;
    }
    return rest;
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!node || typeof node !== 'object') return node;
    const record = node as JsonSchema;
    for (const kind of ['$answerOf', '$rowOf'] as const) {
      if (typeof record[kind] !== 'string') continue;
      const { [kind]: target, ...siblings } = record;
      const part = lookup(kind, target as string);
      const replaced = part === null ? { type: 'null' } : hoist(structuredClone(part));
      return Object.keys(siblings).length ? { ...replaced, ...siblings } : replaced;
    }
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, visit(value)]));
  };
  const composed = visit(template) as JsonSchema;
  const { $defs: _ignored, ...root } = composed;
  const reached = reachableDefs(root, defs, where);
  return Object.keys(reached).length ? { ...root, $defs: reached } : root;
}
