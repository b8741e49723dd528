/**
 * Schema-guided coercion of form/template scalars ("42", "true") to the declared type.
 *
 * Why not Ajv `coerceTypes`: it coerces inside every `oneOf` branch it tries, so the search
 * filter's `value: oneOf [string, integer, boolean, …]` matches both the string and the integer
 * branch for "42" (and for 42) and a valid search is rejected (measured in test/runtime-params).
 * Here a value is converted only where the schema declares exactly one scalar type for it
 * (`type: t` or `type: [t, "null"]`), walking plain `properties`/`items`/`additionalProperties`
 * and local `$ref`s, never into `oneOf`/`anyOf`/`allOf`/`not`: there the target type is ambiguous
 * and the value is left for validation to judge.
 *
 * It works in place on the runtime's own copy of the params (the caller's object is cloned first).
 */
import { derefObject } from './json-pointer.js';
import type { JsonSchema } from './registry-types.js';

const INTEGER = /^[-+]?\d+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

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

function isAmbiguous(schema: JsonSchema): boolean {
  return 'oneOf' in schema || 'anyOf' in schema || 'allOf' in schema || 'not' in schema || 'if' in schema;
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

export function coerceValue(value: unknown, schema: JsonSchema | boolean | undefined, root: JsonSchema, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 32) return value;
  const resolved = derefObject<JsonSchema>(root, schema) ?? schema;
  if (isAmbiguous(resolved)) return value;
  const type = singleType(resolved);
  if (type === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const object = value as Record<string, unknown>;
    const properties = (resolved.properties ?? {}) as Record<string, JsonSchema>;
    const additional = resolved.additionalProperties;
    for (const key of Object.keys(object)) {
      const propertySchema = Object.hasOwn(properties, key)
        ? properties[key]
        : typeof additional === 'object' ? (additional as JsonSchema) : undefined;
      if (propertySchema) object[key] = coerceValue(object[key], propertySchema, root, depth + 1);
    }
    return object;
  }
  if (type === 'array') {
    const items = resolved.items;
    if (!Array.isArray(value) || !items || typeof items !== 'object' || Array.isArray(items)) return value;
    for (let i = 0; i < value.length; i++) value[i] = coerceValue(value[i], items as JsonSchema, root, depth + 1);
    return value;
  }
  return type ? coerceScalar(value, type) : value;
}

/** Coerces a flat params object (already the runtime's own copy) against its paramsSchema. */
export function coerceParams(params: Record<string, unknown>, schema: JsonSchema): Record<string, unknown> {
  return coerceValue(params, schema, schema) as Record<string, unknown>;
}
