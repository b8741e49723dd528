/**
 * Schema comparison for `diff`: a short summary of a schema's declared type, and the property
 * changes between two versions of a request or response body (top levels only, `SCHEMA_DEPTH`).
 * It reads the OpenAPI schemas as the description writes them: declared types (integer vs
 * string, nullable) are what a caller sees change.
 */
import { derefObject } from '../runtime/json-pointer.js';
import type { Document } from '../spec/model.js';

/** Property levels compared inside request and response bodies (1 = top-level properties only). */
export const SCHEMA_DEPTH = 2;

/** The object a schema (or `$ref`) stands for; `{}` (anything) where a ref does not resolve. */
function deref(document: Document, node: unknown): Document {
  return derefObject(document, node) ?? {};
}

/** A short, comparable summary of a schema's declared type, e.g. "integer", "array<string>", "string|null". */
export function typeSummary(document: Document, node: unknown, depth = 0): string {
  const schema = deref(document, node);
  if (depth > 4) return 'any';
  return withNullable(schema.nullable === true, declaredType(document, schema, depth));
}

/** `|null` once: a nullable `anyOf` whose branch is already nullable stays "object|null". */
function withNullable(nullable: boolean, type: string): string {
  return nullable && !type.endsWith('|null') ? `${type}|null` : type;
}

function declaredType(document: Document, schema: Document, depth: number): string {
  const nullable = '';
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[keyword]) && schema[keyword].length) {
      const branches = [...new Set(schema[keyword].map((b: unknown) => typeSummary(document, b, depth + 1)))].sort();
      return branches.length === 1 ? `${branches[0]}${nullable}` : `${keyword}(${branches.join(',')})${nullable}`;
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length) {
    const parts = [...new Set(schema.allOf.map((b: unknown) => typeSummary(document, b, depth + 1)))].filter((t) => t !== 'any');
    if (parts.length === 1) return `${parts[0]}${nullable}`;
    if (parts.every((t) => t === 'object')) return `object${nullable}`;
    return `allOf(${parts.sort().join(',')})${nullable}`;
  }
  let type: string | undefined = Array.isArray(schema.type) ? schema.type.join('|') : schema.type;
  if (!type) type = schema.properties || schema.additionalProperties ? 'object' : schema.items ? 'array' : 'any';
  if (type === 'array') return `array<${typeSummary(document, schema.items, depth + 1)}>${nullable}`;
  return `${type}${nullable}`;
}

/** The declared type of a Parameter Object (its `schema`, or its `content`'s). */
export function parameterType(document: Document, parameter: Document): string {
  const source = parameter.schema ?? (Object.values(parameter.content ?? {})[0] as Document | undefined)?.schema;
  return typeSummary(document, source ?? { type: 'string' });
}

/**
 * `nullability`: the same type, only `null` allowed or no longer allowed (kept apart from `retyped`:
 * upstream toggles `nullable` a lot between versions and it rarely matters to a caller).
 */
export type SchemaChangeKind = 'added' | 'removed' | 'retyped' | 'nullability' | 'newly-required' | 'no-longer-required';

export interface SchemaChange {
  /** Dotted property path; `[]` steps into array items, e.g. "data[].id". */
  property: string;
  change: SchemaChangeKind;
  from?: string;
  to?: string;
  /** For an added property: whether it is required. */
  required?: boolean;
}

interface ObjectShape {
  properties: Map<string, unknown>;
  required: Set<string>;
}

/** Properties of an object schema: allOf merged; oneOf/anyOf united (required = in every branch). */
function objectShape(document: Document, node: unknown, depth = 0): ObjectShape | null {
  const schema = deref(document, node);
  if (depth > 6) return null;
  const shape: ObjectShape = { properties: new Map(), required: new Set() };
  let found = false;
  if (schema.properties && typeof schema.properties === 'object') {
    found = true;
    for (const [name, value] of Object.entries(schema.properties)) shape.properties.set(name, value);
  }
  for (const name of Array.isArray(schema.required) ? schema.required : []) shape.required.add(String(name));
  const addAll = (from: ObjectShape) => {
    for (const [name, value] of from.properties) if (!shape.properties.has(name)) shape.properties.set(name, value);
  };
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const sub = objectShape(document, part, depth + 1);
    if (!sub) continue;
    found = true;
    addAll(sub);
    for (const name of sub.required) shape.required.add(name);
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = (Array.isArray(schema[keyword]) ? schema[keyword] : [])
      .map((b: unknown) => objectShape(document, b, depth + 1))
      .filter(Boolean) as ObjectShape[];
    if (!branches.length) continue;
    found = true;
    branches.forEach(addAll);
    for (const name of branches[0]!.required) if (branches.every((b) => b.required.has(name))) shape.required.add(name);
  }
  return found ? shape : null;
}

const withoutNull = (type: string) => type.replace(/\|null\b/g, '');

/** A `retyped` or `nullability` change, or null when the declared types are the same. */
export function retyped(property: string, from: string, to: string): SchemaChange | null {
  if (from === to) return null;
  return { property, change: withoutNull(from) === withoutNull(to) ? 'nullability' : 'retyped', from, to };
}

/** Property changes from one schema to the other; the root's own retype first, as property "(body)". */
export function compareBodies(fromDoc: Document, fromNode: unknown, toDoc: Document, toNode: unknown): SchemaChange[] {
  const root = retyped('(body)', typeSummary(fromDoc, fromNode), typeSummary(toDoc, toNode));
  const properties = compareSchemas(fromDoc, fromNode, toDoc, toNode);
  return root ? [root, ...properties] : properties;
}

export function compareSchemas(fromDoc: Document, fromNode: unknown, toDoc: Document, toNode: unknown, prefix = '', depth = SCHEMA_DEPTH): SchemaChange[] {
  const changes: SchemaChange[] = [];
  if (depth <= 0) return changes;
  const fromItems = deref(fromDoc, fromNode).items;
  const toItems = deref(toDoc, toNode).items;
  if (fromItems && toItems) return compareSchemas(fromDoc, fromItems, toDoc, toItems, `${prefix}[]`, depth);
  const a = objectShape(fromDoc, fromNode);
  const b = objectShape(toDoc, toNode);
  if (!a || !b) return changes;
  const names = [...new Set([...a.properties.keys(), ...b.properties.keys()])].sort();
  for (const name of names) {
    const property = prefix ? `${prefix}.${name}` : name;
    if (!a.properties.has(name)) {
      changes.push({ property, change: 'added', to: typeSummary(toDoc, b.properties.get(name)), required: b.required.has(name) });
      continue;
    }
    if (!b.properties.has(name)) {
      changes.push({ property, change: 'removed', from: typeSummary(fromDoc, a.properties.get(name)) });
      continue;
    }
    const retype = retyped(property, typeSummary(fromDoc, a.properties.get(name)), typeSummary(toDoc, b.properties.get(name)));
    if (retype) changes.push(retype);
    if (!a.required.has(name) && b.required.has(name)) changes.push({ property, change: 'newly-required' });
    if (a.required.has(name) && !b.required.has(name)) changes.push({ property, change: 'no-longer-required' });
    changes.push(...compareSchemas(fromDoc, a.properties.get(name), toDoc, b.properties.get(name), property, depth - 1));
  }
  return changes;
}

/** An input change that can make existing params fail or mean something else. */
export function isBreakingInput(c: SchemaChange): boolean {
  return c.change === 'removed' || c.change === 'retyped' || c.change === 'newly-required' || (c.change === 'added' && c.required === true);
}

const nulls = (type: string) => type.match(/\|null\b/g)?.length ?? 0;

export function describeSchemaChange(c: SchemaChange): string {
  switch (c.change) {
    case 'added':
      return `\`${c.property}\` added (${c.to}${c.required ? ', required' : ''})`;
    case 'removed':
      return `\`${c.property}\` removed (was ${c.from})`;
    case 'retyped':
      return `\`${c.property}\` retyped ${c.from} → ${c.to}`;
    case 'nullability':
      return `\`${c.property}\` ${nulls(c.to!) > nulls(c.from!) ? 'may now be null' : 'no longer null'} (${c.from} → ${c.to})`;
    case 'newly-required':
      return `\`${c.property}\` now required`;
    default:
      return `\`${c.property}\` no longer required`;
  }
}
