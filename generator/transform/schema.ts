/**
 * OpenAPI 3.0 Schema Objects → self-contained JSON Schemas (draft-07 + `$defs`, what Ajv 8's
 * default class compiles in strict mode).
 *
 * The heavy lifting (nullable → type arrays, dropping `example`, `int32` bounds, …) is
 * @openapi-contrib/openapi-schema-to-json-schema. Around it, this module adds the rules that
 * library leaves to us, each one explicit:
 * - `$ref: #/components/schemas/X` → `#/$defs/X`, and every paramsSchema carries its own `$defs`
 *   holding only the components it uses transitively (so it works as is, outside the registry);
 * - `nullable` where there is no `type` (beside `oneOf`/`anyOf`/`allOf`) becomes a null branch;
 *   beside a bare `$ref` it is ignored, as OpenAPI 3.0 says and as openapi-typescript does;
 * - `x-*` extensions and the library's `$schema: draft-04` stamp are removed;
 * - formats Ajv does not know follow FORMAT_RULES; any other unknown format fails generation;
 * - integer timestamps tagged `format: date-time` also accept ISO strings (INTEGER_DATE_TIME);
 * - `discriminator` (2.16+) is dropped: it only annotates the `oneOf` that already validates;
 * - strict-Ajv normalisation (normalizeForStrict below), so every schema also compiles with Ajv's
 *   `strictTypes` and `strictRequired` on, as consumers using default strict Ajv will compile it.
 */
import { fromSchema } from '@openapi-contrib/openapi-schema-to-json-schema';
import { EPOCH_SECONDS_COMMENT } from '../../runtime/coerce.js';
import { formatPointer, parsePointer, pointerOfRef, refToPointer } from '../../runtime/json-pointer.js';
import type { JsonSchema } from '../../runtime/registry-types.js';

type Schema = Record<string, any>;

const COMPONENT_PREFIX = '#/components/schemas/';

/** Formats ajv-formats 3 registers (`addFormats(ajv)` with no options). */
export const AJV_FORMATS: ReadonlySet<string> = new Set([
  'date', 'time', 'date-time', 'iso-time', 'iso-date-time', 'duration', 'uri', 'uri-reference',
  'uri-template', 'url', 'email', 'hostname', 'ipv4', 'ipv6', 'regex', 'uuid', 'json-pointer',
  'json-pointer-uri-fragment', 'relative-json-pointer', 'byte', 'int32', 'int64', 'float', 'double',
  'password', 'binary',
]);

/**
 * Non-standard formats seen in the Intercom descriptions and what becomes of them. The format is
 * removed (Ajv strict mode rejects unknown formats) and its meaning kept as a `$comment`.
 */
export const FORMAT_RULES: Readonly<Record<string, { comment: string }>> = {
  timestamp: { comment: 'OpenAPI format "timestamp": a Unix timestamp in seconds.' },
};

/**
 * Rule integer-date-time: `type: integer` (or `[integer, null]`) with `format: date-time` is a
 * Unix timestamp in seconds that upstream tags with a string format (signed_up_at, created_at, …).
 * A form builder would draw a date picker whose ISO string the integer type then refuses. Such a
 * place becomes `anyOf: [integer (the seconds), string date-time]` (plus the null branch when
 * nullable), with the description saying so and EPOCH_SECONDS_COMMENT marking it: the runtime
 * sends a date-time given there as Unix seconds (runtime/coerce.ts convertParams). Counted in the
 * manifest's formats as INTEGER_DATE_TIME.
 */
export const INTEGER_DATE_TIME = 'date-time on integer';
const DATE_TIME_ANNOTATIONS = ['title', 'description', 'deprecated', 'readOnly', 'writeOnly', 'default', 'examples', '$comment'];

function isIntegerDateTime(node: Schema): boolean {
  const type = node.type;
  const integer = type === 'integer' || (Array.isArray(type) && type.includes('integer') && type.every((t: string) => t === 'integer' || t === 'null'));
  return node.format === 'date-time' && integer;
}

function acceptDateTimeStrings(node: Schema): void {
  const nullable = Array.isArray(node.type) && node.type.includes('null');
  const seconds: Schema = { type: 'integer', description: 'Unix timestamp in seconds.' };
  const rest: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    delete node[key];
    if (key === 'type' || key === 'format') continue;
    if (DATE_TIME_ANNOTATIONS.includes(key)) rest[key] = value;
    else seconds[key] = value; // minimum, enum, …: constraints on the seconds
  }
  const said = typeof rest.description === 'string' ? `${rest.description.trim()} ` : '';
  Object.assign(node, rest, {
    description: `${said}Accepts Unix seconds or an ISO 8601 date-time string (e.g. 2024-01-02T03:04:05Z), which is sent as Unix seconds.`,
    $comment: EPOCH_SECONDS_COMMENT,
    anyOf: [
      seconds,
      { type: 'string', format: 'date-time', description: 'ISO 8601 date-time with a time zone; sent as Unix seconds.' },
      ...(nullable ? [{ type: 'null' }] : []),
    ],
  });
}

/**
 * Keywords a converted schema may keep: draft-07 validation and annotation keywords plus the
 * `$defs`/`deprecated`/`readOnly`/`writeOnly` that Ajv 8 also knows. Anything else is an
 * OpenAPI-only keyword that must not reach Ajv (strict mode rejects unknown keywords).
 */
const KNOWN_KEYWORDS: ReadonlySet<string> = new Set([
  '$ref', '$comment', '$defs', 'type', 'enum', 'const', 'format', 'title', 'description',
  'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'multipleOf', 'maximum',
  'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'items', 'additionalItems', 'maxItems', 'minItems', 'uniqueItems', 'contains', 'maxProperties',
  'minProperties', 'required', 'properties', 'patternProperties', 'additionalProperties',
  'dependencies', 'propertyNames', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not',
]);

/** What the conversion did that a reader of the manifest may want to know (counts, not places). */
export interface ConversionStats {
  /** format → number of places rewritten by FORMAT_RULES. */
  formats: Record<string, number>;
  /** OpenAPI-only keyword → number of places it was dropped (x-* counted as "x-*"). */
  droppedKeywords: Record<string, number>;
  /** Places where `nullable` without `type` became a null branch. */
  nullBranches: number;
  /** Rule object-type-added: schemas with object keywords and no `type` given `type: object`. */
  objectTypesAdded: number;
  /** Rule required-declared: `required` names declared as `{}` in the same schema object's `properties`. */
  requiredDeclared: number;
}

export class SchemaConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaConversionError';
  }
}

function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

/**
 * Runs before the library converts a node: gives `nullable` without `type` a meaning the library
 * would otherwise drop (it only handles `nullable` beside `type`).
 */
function beforeNode(stats: ConversionStats) {
  return (node: Schema): Schema => {
    // The library drops `discriminator` silently; count it so the manifest says it happened.
    if (node.discriminator !== undefined) bump(stats.droppedKeywords, 'discriminator');
    if (node.nullable !== true || 'type' in node || '$ref' in node) return node;
    const copy = { ...node };
    for (const key of ['oneOf', 'anyOf'] as const) {
      if (Array.isArray(copy[key])) {
        copy[key] = [...copy[key], { type: 'null' }];
        stats.nullBranches++;
        return copy;
      }
    }
    if (Array.isArray(copy.allOf)) {
      const { allOf, ...rest } = copy;
      stats.nullBranches++;
      return { ...rest, anyOf: [{ allOf }, { type: 'null' }] };
    }
    if (Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...copy.enum, null];
    return copy;
  };
}

/** Runs after the library converted a node: refs, formats, and keywords Ajv would reject. */
function afterNode(stats: ConversionStats, where: string) {
  return (node: Schema): Schema => {
    for (const key of Object.keys(node)) {
      if (KNOWN_KEYWORDS.has(key)) continue;
      // `nullable` is consumed by the library (beside `type`) or by beforeNode; the rest of these
      // are OpenAPI annotations with no JSON Schema meaning.
      bump(stats.droppedKeywords, key.startsWith('x-') ? 'x-*' : key);
      delete node[key];
    }
    if (typeof node.$ref === 'string') {
      const name = refName(node.$ref, ['components', 'schemas']);
      if (name === undefined) {
        throw new SchemaConversionError(`${where}: unsupported $ref ${node.$ref} (only ${COMPONENT_PREFIX}* are resolved)`);
      }
      node.$ref = refToPointer(formatPointer(['$defs', name]));
    }
    if (typeof node.format === 'string' && !AJV_FORMATS.has(node.format)) {
      const rule = FORMAT_RULES[node.format];
      if (!rule) throw new SchemaConversionError(`${where}: format "${node.format}" is unknown to Ajv and has no rule in FORMAT_RULES`);
      bump(stats.formats, node.format);
      delete node.format;
      node.$comment = rule.comment;
    }
    if (isIntegerDateTime(node)) {
      bump(stats.formats, INTEGER_DATE_TIME);
      acceptDateTimeStrings(node);
    }
    if ('examples' in node && !Array.isArray(node.examples)) {
      bump(stats.droppedKeywords, 'examples');
      delete node.examples;
    }
    return node;
  };
}

/** Keywords that only constrain objects (Ajv strictTypes wants an object type wherever they appear). */
const OBJECT_KEYWORDS = ['properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties', 'maxProperties', 'propertyNames', 'dependencies'];
/** Applicators whose subschemas look at the same value (Ajv passes the known types down to them). */
const SAME_VALUE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const SAME_VALUE_SCHEMAS = ['not', 'if', 'then', 'else'] as const;

function allowsObject(type: unknown): boolean {
  return type === 'object' || (Array.isArray(type) && type.includes('object'));
}

/**
 * Makes a converted schema compile under Ajv `strictTypes` + `strictRequired` without changing
 * what it accepts from any request the API could take. Two rules, counted in the stats:
 * - object-type-added: a schema object with object keywords and no `type` gets one.
 *   - In an allOf/anyOf/oneOf/not/if branch of a schema whose type says object, the parent's
 *     type, which the value already had to match: nothing validates differently, and the branch
 *     also compiles on its own (form builders and our sampler lift branches out).
 *   - Where nothing says the value's type (a `$defs` component, `items`, a property, a body:
 *     Ajv passes no type into those), `type: object` (`[object, null]` when a branch is the null
 *     branch of a nullable). Upstream writes these as objects; only a non-object value, which the
 *     API never takes there, is now rejected instead of waved through. Not added when an
 *     `enum`/`const` or a branch declaring another type says the value may be something else.
 * - required-declared: each `required` name the same schema object does not list in `properties`
 *   (it is declared in a sibling branch or the parent) is added there as `{}`, which accepts
 *   anything; where `additionalProperties` is a value schema (a map), as a copy of that schema,
 *   so the name is held to it as before; not done where `additionalProperties` is false.
 */
export function normalizeForStrict(node: unknown, stats: ConversionStats, inherited?: unknown): void {
  if (Array.isArray(node)) return node.forEach((item) => normalizeForStrict(item, stats));
  if (!node || typeof node !== 'object') return;
  const schema = node as Schema;
  if (!('type' in schema) && OBJECT_KEYWORDS.some((key) => key in schema)) {
    const type = inherited !== undefined ? (allowsObject(inherited) ? inherited : undefined) : standaloneObjectType(schema);
    if (type !== undefined) {
      // `type` goes first, where a reader of a registry looks for it.
      const rest = { ...schema };
      for (const key of Object.keys(schema)) delete schema[key];
      Object.assign(schema, { type: structuredClone(type) }, rest);
      stats.objectTypesAdded++;
    }
  }
  if (Array.isArray(schema.required)) {
    const additional = schema.additionalProperties;
    const open = additional === undefined || additional === true || (typeof additional === 'object' && Object.keys(additional).length === 0);
    // A map with a value schema (Preview's `translations`: string values, `original` required):
    // the name is declared with that same schema, so it validates exactly as before.
    const valueSchema = !open && additional && typeof additional === 'object' ? additional : undefined;
    const missing = schema.required.filter((name: string) => !Object.hasOwn(schema.properties ?? {}, name));
    if ((open || valueSchema) && missing.length) {
      schema.properties ??= {};
      for (const name of missing) schema.properties[name] = valueSchema ? structuredClone(valueSchema) : {};
      stats.requiredDeclared += missing.length;
    }
  }
  // Children: same-value subschemas inherit the type in effect; everything else starts afresh.
  const inEffect = 'type' in schema ? schema.type : inherited;
  for (const [key, value] of Object.entries(schema)) {
    if ((SAME_VALUE_LISTS as readonly string[]).includes(key)) (value as unknown[]).forEach((branch) => normalizeForStrict(branch, stats, inEffect));
    else if ((SAME_VALUE_SCHEMAS as readonly string[]).includes(key)) normalizeForStrict(value, stats, inEffect);
    else if (key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'dependencies') {
      for (const child of Object.values(value as Record<string, unknown>)) normalizeForStrict(child, stats);
    } else if (['items', 'additionalItems', 'additionalProperties', 'contains', 'propertyNames'].includes(key)) normalizeForStrict(value, stats);
  }
}

/** The type for object keywords where nothing around says the value's type, or undefined to leave it. */
function standaloneObjectType(schema: Schema): unknown {
  if ('enum' in schema || 'const' in schema) return undefined;
  const branches: Schema[] = SAME_VALUE_LISTS.flatMap((key) => (Array.isArray(schema[key]) ? schema[key] : []));
  const branchTypes = branches.map((branch) => branch?.type).filter((type) => type !== undefined);
  if (!branchTypes.every((type) => type === 'null' || allowsObject(type))) return undefined;
  return branchTypes.includes('null') ? ['object', 'null'] : 'object';
}

/** The name `X` of a local `$ref` to `#/<...container>/X`, or undefined for any other ref. */
function refName(ref: string, container: readonly string[]): string | undefined {
  const pointer = pointerOfRef(ref);
  const tokens = pointer === undefined ? [] : parsePointer(pointer);
  const inside = tokens.length === container.length + 1 && container.every((token, i) => tokens[i] === token);
  return inside ? tokens[container.length] : undefined;
}

/** Component names a converted schema refers to directly. */
function directRefs(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((item) => directRefs(item, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const name = key === '$ref' && typeof value === 'string' ? refName(value, ['$defs']) : undefined;
      if (name !== undefined) out.add(name);
      else directRefs(value, out);
    }
  }
  return out;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * Converts schemas of one document. Component schemas are converted once and cached; every
 * `defsFor()` returns fresh copies, so a relaxation applied to one paramsSchema never leaks into
 * another.
 */
export class SchemaConverter {
  readonly stats: ConversionStats = { formats: {}, droppedKeywords: {}, nullBranches: 0, objectTypesAdded: 0, requiredDeclared: 0 };
  private readonly components: Record<string, Schema>;
  private readonly converted = new Map<string, { schema: JsonSchema; refs: Set<string> }>();

  constructor(document: Record<string, any>) {
    this.components = document.components?.schemas ?? {};
  }

  /** One OpenAPI schema → JSON Schema with `$ref`s pointing into `#/$defs/`. `where` names it in errors. */
  convert(schema: Schema, where: string): JsonSchema {
    const converted = fromSchema(schema, {
      cloneSchema: true,
      // Annotations Ajv 8 knows: keep them for form builders. `discriminator` stays dropped.
      keepNotSupported: ['readOnly', 'writeOnly', 'deprecated'],
      beforeTransform: beforeNode(this.stats) as any,
      afterTransform: afterNode(this.stats, where) as any,
    }) as Schema;
    delete converted.$schema; // the library stamps draft-04, which Ajv 8 does not ship
    normalizeForStrict(converted, this.stats);
    return converted;
  }

  private component(name: string, where: string): { schema: JsonSchema; refs: Set<string> } {
    let entry = this.converted.get(name);
    if (!entry) {
      const source = this.components[name];
      if (!source) throw new SchemaConversionError(`${where}: $ref to undefined component schema "${name}"`);
      const schema = this.convert(source, `#/components/schemas/${name}`);
      entry = { schema, refs: directRefs(schema, new Set()) };
      this.converted.set(name, entry);
    }
    return entry;
  }

  /**
   * The `$defs` a root schema needs: every component it reaches, transitively, sorted by name
   * (order is not meaningful there, and sorting keeps the output stable).
   */
  defsFor(root: JsonSchema, where: string): Record<string, JsonSchema> {
    const seen = new Set<string>();
    const queue = [...directRefs(root, new Set())];
    while (queue.length) {
      const name = queue.shift()!;
      if (seen.has(name)) continue;
      seen.add(name);
      queue.push(...this.component(name, where).refs);
    }
    const defs: Record<string, JsonSchema> = {};
    for (const name of [...seen].sort()) defs[name] = clone(this.component(name, where).schema);
    return defs;
  }
}
