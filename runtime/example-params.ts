/**
 * A small, deterministic example of valid params for a paramsSchema: required properties only,
 * first enum value or default where given, placeholders by format and type otherwise. Used by
 * `describe` to show a call that passes validation.
 */
import type { JsonSchema } from './registry-types.js';

const FORMAT_EXAMPLES: Record<string, string> = {
  email: 'someone@example.com',
  uri: 'https://example.com',
  'uri-reference': 'https://example.com',
  url: 'https://example.com',
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  uuid: '00000000-0000-4000-8000-000000000000',
};

const MAX_DEPTH = 8;

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < MAX_DEPTH; hops++) {
    const name = (current.$ref as string).replace(/^#\/\$defs\//, '');
    current = ((root.$defs as Record<string, JsonSchema>) ?? {})[name] ?? {};
  }
  return current;
}

function example(schema: JsonSchema, root: JsonSchema, key: string, depth: number): unknown {
  const s = resolve(schema, root);
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((v) => v !== null) ?? s.enum[0];
  if (s.default !== undefined) return s.default;
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = s[keyword] as JsonSchema[] | undefined;
    if (Array.isArray(branches) && branches.length) {
      if (keyword !== 'allOf') return example(branches[0], root, key, depth);
      return Object.assign({}, ...branches.map((b) => example(b, root, key, depth)));
    }
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string | undefined];
  const type = types.find((t) => t && t !== 'null') ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      return FORMAT_EXAMPLES[s.format as string] ?? `<${key}>`;
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return depth >= MAX_DEPTH || !s.minItems ? [] : [example((s.items as JsonSchema) ?? {}, root, key, depth + 1)];
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth >= MAX_DEPTH) return out;
      const properties = (s.properties as Record<string, JsonSchema>) ?? {};
      for (const name of (s.required as string[]) ?? []) {
        out[name] = example(properties[name] ?? {}, root, name, depth + 1);
      }
      return out;
    }
    default:
      return `<${key}>`;
  }
}

export function exampleParams(paramsSchema: JsonSchema): Record<string, unknown> {
  return example(paramsSchema, paramsSchema, 'params', 0) as Record<string, unknown>;
}
