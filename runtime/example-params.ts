/**
 * Deterministic, schema-driven sample params for a paramsSchema (JSON Schema draft-07 + `$defs`,
 * what the generator writes): the same schema always gives the same sample, with no randomness.
 *
 * Rules, in order, at each node:
 * - `$ref` (`#/$defs/…`, any local JSON pointer) is followed; a ref already being expanded more
 *   than once up the stack (the search filter cycle) is cut: optional properties are left out and
 *   arrays stay at their minimum;
 * - `const`, then the first non-null `enum` value;
 * - `allOf`: the branches' samples merged; `oneOf` / `anyOf`: the first non-null branch whose sample
 *   the whole node accepts (checked with Ajv when a checker is given: overlapping `oneOf` branches
 *   such as createTag's make the first branch's sample ambiguous), else the first branch;
 * - by type (the first non-null one of a type list): strings by `format` (email, date-time, date,
 *   uri, uuid, …), padded to `minLength`; integers/numbers at 1 moved into `minimum`/`maximum`/
 *   `multipleOf`, or a Unix time for documented timestamps; booleans `true`; arrays of
 *   max(minItems, 1) items; objects with their required properties (mode "required") or with
 *   every property (mode "full", depth-bounded).
 * Path parameters come out valid for their declared type (a string id is a string, an integer id
 * an integer), which is what Prism checks.
 */
import { createAjv, type AjvCore } from './ajv.js';
import { resolveRef as resolveLocalRef } from './json-pointer.js';
import type { JsonSchema } from './registry-types.js';

export type SampleMode = 'required' | 'full';

export interface SampleOptions {
  mode?: SampleMode;
  /** Returns whether `value` is valid against `schema` (a node of `root`); used for oneOf/anyOf. */
  accepts?: (schema: JsonSchema, root: JsonSchema, value: unknown) => boolean;
  /** Beyond this depth objects get required properties only and arrays their minimum. */
  maxDepth?: number;
}

const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  email: 'jane.doe@example.com',
  'idn-email': 'jane.doe@example.com',
  'date-time': '2024-05-01T12:00:00Z',
  'iso-date-time': '2024-05-01T12:00:00Z',
  date: '2024-05-01',
  time: '12:00:00Z',
  'iso-time': '12:00:00Z',
  uri: 'https://example.com/sample',
  url: 'https://example.com/sample',
  'uri-reference': 'https://example.com/sample',
  'uri-template': 'https://example.com/{id}',
  iri: 'https://example.com/sample',
  uuid: '3f2b8c1e-6d4a-4f7e-9b2c-1a2b3c4d5e6f',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
  duration: 'P1D',
  byte: 'c2FtcGxl',
  regex: '^sample$',
  'json-pointer': '/sample',
};

/** A fixed Unix time (2024-05-01T12:00:00Z) for timestamps. */
export const SAMPLE_TIMESTAMP = 1714564800;

export function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#')) throw new Error(`sample-params: only local $refs are supported (${ref})`);
  const node = resolveLocalRef(root, ref);
  if (node === undefined) throw new Error(`sample-params: unresolved $ref ${ref}`);
  return node as JsonSchema;
}

function isTimestamp(schema: JsonSchema, key: string): boolean {
  const comment = `${schema.$comment ?? ''} ${schema.description ?? ''}`.toLowerCase();
  return /timestamp|unix/.test(comment) || /(_at|_after|_before|_since|_until)$/.test(key);
}

function numberSample(schema: JsonSchema, key: string, integer: boolean): number {
  let value = isTimestamp(schema, key) ? SAMPLE_TIMESTAMP : 1;
  const min = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  const max = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const exMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  if (min !== undefined && value < min) value = min;
  if (exMin !== undefined && value <= exMin) value = integer ? Math.floor(exMin) + 1 : exMin + 1;
  if (max !== undefined && value > max) value = max;
  if (exMax !== undefined && value >= exMax) value = integer ? Math.ceil(exMax) - 1 : exMax - 1;
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0) value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return integer ? Math.trunc(value) : value;
}

function stringSample(schema: JsonSchema, key: string): string {
  const format = typeof schema.format === 'string' ? schema.format : undefined;
  let value = format && FORMAT_SAMPLES[format] !== undefined ? FORMAT_SAMPLES[format] : undefined;
  if (value === undefined) {
    if (/(^|_)email$/.test(key)) value = FORMAT_SAMPLES.email;
    else if (/(^|_)(id|ids)$/.test(key) || key === 'id') value = '6643703ffae7834d1792fd30';
    else value = `sample-${key || 'value'}`;
  }
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  if (value.length < min) value = value.padEnd(min, 'x');
  if (value.length > max) value = value.slice(0, max);
  return value;
}

function typeOf(schema: JsonSchema): string | undefined {
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type ? [schema.type as string] : [];
  const type = types.find((t) => t !== 'null');
  if (type) return type;
  if (types.length === 1 && types[0] === 'null') return 'null';
  if (schema.properties || schema.required || schema.additionalProperties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function isNullOnly(schema: JsonSchema, root: JsonSchema): boolean {
  const s = typeof schema.$ref === 'string' ? resolveRef(root, schema.$ref) : schema;
  return s.type === 'null' || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null);
}

function merge(a: unknown, b: unknown): unknown {
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out: Record<string, unknown> = { ...(a as object) };
    for (const [k, v] of Object.entries(b as object)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  return b === undefined ? a : b;
}

/** `{}` (or `true`): a schema that accepts anything. */
function isEmptySchema(schema: unknown): boolean {
  return schema === true || (!!schema && typeof schema === 'object' && !Array.isArray(schema) && Object.keys(schema).length === 0);
}

/**
 * A oneOf/anyOf branch as the sampler spreads it over its parent. Properties the branch declares
 * only as `{}` name a required property for strict Ajv (generator rule required-declared; v1
 * `requireAnyOf`): they say nothing about its value, so they must not hide the parent's
 * `properties` (where the value's schema is).
 */
function branchOverParent(branch: JsonSchema): JsonSchema {
  if (!branch.properties || typeof branch.properties !== 'object') return branch;
  const own = Object.entries(branch.properties as Record<string, unknown>).filter(([, schema]) => !isEmptySchema(schema));
  const { properties: _declared, ...rest } = branch;
  return own.length ? { ...rest, properties: Object.fromEntries(own) } : rest;
}

class Sampler {
  private mode: SampleMode;
  private readonly maxDepth: number;
  private readonly stack: string[] = [];

  constructor(private readonly root: JsonSchema, private readonly options: SampleOptions) {
    this.mode = options.mode ?? 'required';
    this.maxDepth = options.maxDepth ?? 6;
  }

  /** True once we are inside a ref that is already being expanded (a cycle) or too deep. */
  private lean(depth: number): boolean {
    return depth >= this.maxDepth || this.stack.length !== new Set(this.stack).size;
  }

  sample(node: JsonSchema, key: string, depth: number): unknown {
    if (typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (this.stack.filter((r) => r === ref).length >= 2) return this.minimal(resolveRef(this.root, ref), key);
      this.stack.push(ref);
      try {
        const { $ref: _ignored, ...siblings } = node;
        return this.sample({ ...resolveRef(this.root, ref), ...siblings }, key, depth);
      } finally {
        this.stack.pop();
      }
    }
    if (node.const !== undefined) return node.const;
    if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum.find((v) => v !== null) ?? node.enum[0];

    if (Array.isArray(node.allOf) && node.allOf.length > 0) {
      const { allOf, ...rest } = node;
      const asserts = (schema: JsonSchema) => Object.keys(schema).some((k) => !['description', 'title', '$comment'].includes(k));
      let value: unknown = asserts(rest) ? this.sample(rest, key, depth) : undefined;
      // A part that only annotates (`allOf: [{ $ref }, { description }]`) constrains nothing to sample.
      for (const branch of allOf as JsonSchema[]) if (asserts(branch)) value = merge(value, this.sample(branch, key, depth));
      return value;
    }
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = node[keyword];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      const { [keyword]: _ignored, ...rest } = node;
      const candidates = (branches as JsonSchema[]).filter((b) => !isNullOnly(b, this.root));
      const list = candidates.length ? candidates : (branches as JsonSchema[]);
      let first: unknown;
      // Required properties alone may match several branches (the search filters have none):
      // then the same branches again with every property, which tells them apart.
      for (const mode of this.mode === 'full' ? (['full'] as const) : (['required', 'full'] as const)) {
        for (const [index, branch] of list.entries()) {
          const value = this.withMode(mode, () => this.sample({ ...rest, ...branchOverParent(branch) }, key, depth));
          if (first === undefined && index === 0) first = value;
          if (!this.options.accepts || this.options.accepts(node, this.root, value)) return value;
        }
        if (!this.options.accepts) break;
      }
      return first;
    }

    switch (typeOf(node)) {
      case 'string':
        return stringSample(node, key);
      case 'integer':
        return numberSample(node, key, true);
      case 'number':
        return numberSample(node, key, false);
      case 'boolean':
        return true;
      case 'null':
        return null;
      case 'array': {
        const min = typeof node.minItems === 'number' ? node.minItems : 0;
        const count = this.lean(depth) ? min : Math.max(min, 1);
        const items = (node.items && typeof node.items === 'object' && !Array.isArray(node.items) ? node.items : {}) as JsonSchema;
        return Array.from({ length: count }, () => this.sample(items, key, depth + 1));
      }
      case 'object': {
        const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
        const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
        const names = this.mode === 'full' && !this.lean(depth) ? Object.keys(properties) : Object.keys(properties).filter((n) => required.has(n));
        for (const name of required) if (!names.includes(name)) names.push(name);
        const out: Record<string, unknown> = {};
        for (const name of names) {
          const schema = properties[name];
          if (schema && (schema.readOnly === true || schema.deprecated === true) && !required.has(name)) continue;
          out[name] = this.sample(schema ?? {}, name, depth + 1);
        }
        return out;
      }
      default:
        // No type at all: any JSON value is valid; a string is the most common wire-safe choice.
        return `sample-${key || 'value'}`;
    }
  }

  private withMode<T>(mode: SampleMode, run: () => T): T {
    const saved = this.mode;
    this.mode = mode;
    try {
      return run();
    } finally {
      this.mode = saved;
    }
  }

  /** The smallest value for a node at a cycle cut: required properties only, minimum arrays. */
  private minimal(node: JsonSchema, key: string): unknown {
    return this.withMode('required', () => this.sample({ ...node }, key, this.maxDepth));
  }
}

/** A sample for any schema node (the root's `$defs` resolve refs): the generator's overlap rule samples branches. */
export function sampleValue(schema: JsonSchema, options: SampleOptions = {}, root: JsonSchema = schema, key = ''): unknown {
  return new Sampler(root, options).sample(schema, key, 0);
}

/**
 * Sample params for an operation's paramsSchema: path and query params by name, body under
 * `$body`. The body is always included when the operation has one (every 2.10 body is optional
 * in the spec, but a request without one checks nothing); in mode "required" it holds the body's
 * required properties.
 */
export function sampleParams(paramsSchema: JsonSchema, options: SampleOptions = {}): Record<string, unknown> {
  const sampler = new Sampler(paramsSchema, options);
  const value = sampler.sample(paramsSchema, '', 0);
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('sample-params: a paramsSchema must describe an object');
  }
  const params = value as Record<string, unknown>;
  const body = (paramsSchema.properties as Record<string, JsonSchema> | undefined)?.$body;
  if (body && !('$body' in params)) params.$body = sampler.sample(body, '$body', 1);
  return params;
}

/**
 * An `accepts` that checks with the runtime's own Ajv configuration (validators cached per schema
 * node), so a sample picks the oneOf branch the whole schema accepts.
 */
export function ajvAccepts(ajv: AjvCore = createAjv()): NonNullable<SampleOptions['accepts']> {
  const compiled = new WeakMap<object, ReturnType<AjvCore['compile']>>();
  return (schema, root, value) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema === root ? schema : { ...schema, $defs: root.$defs });
      compiled.set(schema, validate);
    }
    return validate(value) as boolean;
  };
}

let describeAccepts: NonNullable<SampleOptions['accepts']> | undefined;

/** The params `describe` shows in its example call: required properties only, valid as a whole. */
export function exampleParams(paramsSchema: JsonSchema): Record<string, unknown> {
  describeAccepts ??= ajvAccepts();
  return sampleParams(paramsSchema, { mode: 'required', accepts: describeAccepts });
}
