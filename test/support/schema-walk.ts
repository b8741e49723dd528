/** Every `format` value anywhere in a schema. */
export function formatsIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => formatsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') out.add(value);
      else formatsIn(value, out);
    }
  }
  return out;
}

const SINGLE = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems'];
const LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/** Every subschema of a schema (itself included) with its JSON pointer; data keywords (enum, examples, …) are not entered. */
export function* subschemas(schema: unknown, pointer = ''): Generator<[string, Record<string, unknown>]> {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return;
  const node = schema as Record<string, unknown>;
  yield [pointer, node];
  for (const [key, value] of Object.entries(node)) {
    if (SINGLE.includes(key)) yield* subschemas(value, `${pointer}/${key}`);
    else if (LISTS.includes(key) && Array.isArray(value)) for (const [i, item] of value.entries()) yield* subschemas(item, `${pointer}/${key}/${i}`);
    else if (MAPS.includes(key) && value && typeof value === 'object') {
      for (const [name, item] of Object.entries(value)) yield* subschemas(item, `${pointer}/${key}/${name}`);
    }
  }
}
