/**
 * fast-check arbitraries from the JSON Schemas the generator writes (draft-07 + `$defs`): values
 * meant to be valid for the schema, for property tests. A candidate is not guaranteed valid
 * (overlapping `oneOf` branches, `uniqueItems`, keywords handled by the deterministic sampler's
 * constant): the caller checks each one with Ajv and uses the valid ones.
 *
 * Per keyword: `$ref` followed (past MAX_REF_DEPTH expansions: required properties only, arrays
 * empty where allowed); `const`/`enum` pick a listed value; `oneOf`/`anyOf` pick a branch;
 * `allOf`/`not`/`if` fall back to the sampler's value; by type: strings by `format` or `pattern`
 * within min/maxLength, integers/numbers within bounds and `multipleOf`, booleans, arrays of
 * min(maxItems, 3) items at most, objects with every required property and any subset of the
 * optional ones (never unlisted ones). Path parameter values exclude "", "." and "..", which the
 * runtime refuses by a documented rule (they would change which endpoint is called).
 */
import fc from 'fast-check';
import { sampleValue } from '../../runtime/example-params.js';
import type { JsonSchema } from '../../runtime/registry-types.js';

const MAX_REF_DEPTH = 3;
const ANNOTATIONS = new Set(['description', 'title', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
const MAX_ARRAY_ITEMS = 3;

const FORMAT_ARBITRARIES: Record<string, () => fc.Arbitrary<string>> = {
  'date-time': () =>
    fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  date: () => fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  email: () => fc.emailAddress(),
  uri: () => fc.webUrl(),
  url: () => fc.webUrl(),
  uuid: () => fc.uuid(),
};

interface Context {
  root: JsonSchema;
  refDepth: number;
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let node = schema;
  for (let hops = 0; typeof node.$ref === 'string' && hops < 20; hops++) {
    let target: unknown = root;
    for (const raw of node.$ref.slice(1).split('/').filter(Boolean)) {
      target = (target as Record<string, unknown>)?.[decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    if (!target || typeof target !== 'object') throw new Error(`unresolved $ref ${node.$ref}`);
    node = target as JsonSchema;
  }
  return node;
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Math.max(minLength, 12);
  if (typeof schema.format === 'string' && FORMAT_ARBITRARIES[schema.format]) return FORMAT_ARBITRARIES[schema.format]();
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern));
  return fc.string({ minLength, maxLength });
}

/** Typical values: ids and Unix times fit; a declared range narrows it, int64 bounds do not widen it. */
const TYPICAL_MIN = -1_000_000;
const TYPICAL_MAX = 2_000_000_000;

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const bound = (key: 'minimum' | 'maximum' | 'exclusiveMinimum' | 'exclusiveMaximum') => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);
  const step = integer ? 1 : 1e-6;
  const declaredMin = bound('minimum') ?? (bound('exclusiveMinimum') !== undefined ? bound('exclusiveMinimum')! + step : undefined);
  const declaredMax = bound('maximum') ?? (bound('exclusiveMaximum') !== undefined ? bound('exclusiveMaximum')! - step : undefined);
  let min = Math.max(declaredMin ?? TYPICAL_MIN, TYPICAL_MIN);
  let max = Math.min(declaredMax ?? TYPICAL_MAX, TYPICAL_MAX);
  // A declared range outside the typical one: stay inside the declared one, near its bound.
  if (min > max) [min, max] = declaredMin !== undefined && declaredMin > TYPICAL_MAX ? [declaredMin, declaredMin + 1e6] : [declaredMax! - 1e6, declaredMax!];
  min = Math.max(min, Number.MIN_SAFE_INTEGER);
  max = Math.min(max, Number.MAX_SAFE_INTEGER);
  if (typeof schema.multipleOf === 'number') {
    const m = schema.multipleOf;
    return fc.integer({ min: Math.ceil(min / m), max: Math.floor(max / m) }).map((n) => n * m);
  }
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
}

function typeArbitrary(type: string, schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'string':
      return stringArbitrary(schema);
    case 'array': {
      const items = schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items) ? (schema.items as JsonSchema) : {};
      const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const cap = ctx.refDepth >= MAX_REF_DEPTH ? minItems : MAX_ARRAY_ITEMS;
      const maxItems = Math.max(minItems, Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : cap, cap));
      return fc.array(arbitraryFor(items, ctx), { minLength: minItems, maxLength: maxItems });
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      const keys = Object.keys(properties).filter((key) => required.has(key) || ctx.refDepth < MAX_REF_DEPTH);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const key of keys) record[key] = arbitraryFor(properties[key], ctx);
      return fc.record(record, { requiredKeys: keys.filter((key) => required.has(key)) });
    }
    default:
      return fc.constant(null);
  }
}

/** An arbitrary of candidate values for `schema` (a node of `ctx.root`). */
export function arbitraryFor(schema: JsonSchema | boolean | undefined, ctx: Context): fc.Arbitrary<unknown> {
  if (schema === true || schema === undefined) return fc.constantFrom<unknown>('x', 1, true, null);
  if (schema === false) return fc.constant(undefined);
  const deeper = typeof schema.$ref === 'string' ? { ...ctx, refDepth: ctx.refDepth + 1 } : ctx;
  const node = resolve(schema, ctx.root);
  if ('const' in node) return fc.constant(node.const);
  if (Array.isArray(node.enum)) return fc.constantFrom(...(node.enum as unknown[]));
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = node[keyword];
    if (Array.isArray(branches) && branches.length) {
      // Sibling keywords (the object's own properties beside an identity anyOf) go into each branch.
      const { [keyword]: _, ...siblings } = node;
      const merged = (branch: JsonSchema) => (Object.keys(siblings).some((k) => k !== 'description' && k !== 'title' && k !== '$comment') ? { ...siblings, allOf: [branch] } : branch);
      return fc.oneof(...(branches as JsonSchema[]).map((branch) => mergedArbitrary(merged(branch), deeper)));
    }
  }
  if (Array.isArray(node.allOf)) {
    // `allOf: [{ $ref }, { description }]` (an annotated reference): the one asserting part decides.
    const { allOf, ...siblings } = node;
    const asserting = (allOf as JsonSchema[]).filter((part) => Object.keys(part).some((k) => !ANNOTATIONS.has(k)));
    if (asserting.length === 1 && !Object.keys(siblings).some((k) => !ANNOTATIONS.has(k))) return arbitraryFor(asserting[0], deeper);
  }
  if (node.allOf || node.not || node.if) return fc.constant(sampleValue(node, { mode: 'full' }, ctx.root));
  const types = Array.isArray(node.type) ? (node.type as string[]) : typeof node.type === 'string' ? [node.type] : node.properties ? ['object'] : [];
  if (!types.length) return fc.constantFrom<unknown>('x', 1, true, { a: 1 });
  return fc.oneof(...types.map((type) => typeArbitrary(type, node, deeper)));
}

/** `{ ...siblings, allOf: [branch] }`: the branch's value with the siblings' properties added. */
function mergedArbitrary(schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  if (!Array.isArray(schema.allOf) || schema.allOf.length !== 1) return arbitraryFor(schema, ctx);
  const { allOf, ...siblings } = schema;
  return fc.tuple(arbitraryFor(siblings as JsonSchema, ctx), arbitraryFor((allOf as JsonSchema[])[0], ctx)).map(([own, branch]) =>
    own && branch && typeof own === 'object' && typeof branch === 'object' && !Array.isArray(own) && !Array.isArray(branch) ? { ...own, ...branch } : branch,
  );
}

/** Candidate params for a paramsSchema; path parameters never "", "." or "..". */
export function paramsArbitrary(paramsSchema: JsonSchema, pathParams: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const ctx: Context = { root: paramsSchema, refDepth: 0 };
  const properties = (paramsSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(paramsSchema.required) ? (paramsSchema.required as string[]) : []);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, schema] of Object.entries(properties)) {
    const value = arbitraryFor(schema, ctx);
    record[name] = pathParams.includes(name) ? value.filter((v) => v !== '' && v !== '.' && v !== '..') : value;
  }
  return fc.record(record, { requiredKeys: Object.keys(properties).filter((name) => required.has(name)) }) as fc.Arbitrary<Record<string, unknown>>;
}
