/**
 * Parameter Objects → the wire description of path/query parameters and their JSON Schemas.
 * Header (Intercom-Version, Accept) and cookie parameters are never params: options set them.
 */
import type { JsonSchema, WireParameter } from '../../runtime/registry-types.js';
import { deref } from './refs.js';
import type { SchemaConverter } from './schema.js';

type Document = Record<string, any>;

/** OpenAPI 3.0 defaults: path → simple, query → form; explode defaults to true only for form. */
const DEFAULT_STYLE: Record<WireParameter['in'], string> = { path: 'simple', query: 'form' };

export interface OperationParameters {
  wire: WireParameter[];
  /** Param name → JSON Schema, in wire order (one entry per name). */
  properties: Record<string, JsonSchema>;
  required: string[];
  /** Template variables the spec does not declare as path parameters (see `templateOnly`). */
}

export function pathTemplateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** Path-level parameters, overridden by operation-level ones with the same name and location. */
export function mergedParameters(document: Document, pathItem: Document, operation: Document, where: string): Document[] {
  const byKey = new Map<string, Document>();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = deref(document, raw, where);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

function parameterSchema(converter: SchemaConverter, parameter: Document, where: string): JsonSchema {
  // A parameter may carry `content` instead of `schema` (OpenAPI 3.0 allows either).
  const source = parameter.schema ?? (Object.values(parameter.content ?? {})[0] as Document | undefined)?.schema ?? {};
  const schema = converter.convert(source, `${where} parameter ${parameter.name}`);
  // The parameter's own description says what this argument means here: it wins over the schema's.
  const extra: JsonSchema = {};
  if (parameter.description) extra.description = String(parameter.description).trim();
  if (parameter.deprecated === true) extra.deprecated = true;
  return { ...schema, ...extra };
}

export function transformParameters(
  document: Document,
  converter: SchemaConverter,
  path: string,
  parameters: Document[],
  where: string,
): OperationParameters {
  const declared = parameters.filter((p) => p.in === 'path' || p.in === 'query');
  const wire: WireParameter[] = [];
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];

  const add = (parameter: Document, location: WireParameter['in']) => {
    const style = parameter.style ?? DEFAULT_STYLE[location];
    wire.push({
      name: parameter.name,
      in: location,
      required: location === 'path' ? true : parameter.required === true,
      style,
      explode: parameter.explode ?? style === 'form',
    });
    if (!(parameter.name in properties)) properties[parameter.name] = parameterSchema(converter, parameter, where);
    const isRequired = location === 'path' || parameter.required === true;
    if (isRequired && !required.includes(parameter.name)) required.push(parameter.name);
  };

  // Path parameters in template order, so positional filling (v1 bindings) matches the URL.
  for (const name of pathTemplateNames(path)) {
    const parameter = declared.find((p) => p.in === 'path' && p.name === name);
    // A URL cannot be built without it; an upstream slip of this kind gets a listed fix in spec/fixes.ts.
    if (!parameter) throw new Error(`${where}: {${name}} is in the path but not declared as a path parameter`);
    add(parameter, 'path');
  }
  for (const parameter of declared) {
    if (parameter.in === 'path' && !pathTemplateNames(path).includes(parameter.name)) {
      throw new Error(`${where}: path parameter "${parameter.name}" does not appear in the path template`);
    }
  }
  for (const parameter of declared) if (parameter.in === 'query') add(parameter, 'query');
  return { wire, properties, required };
}
