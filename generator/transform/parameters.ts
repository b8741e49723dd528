/**
 * Parameter Objects (merged and dereferenced by the spec model) → the wire description of
 * path/query parameters and their JSON Schemas. Header (Intercom-Version, Accept) and cookie
 * parameters are never params: options set them.
 */
import type { JsonSchema, WireParameter } from '../../runtime/registry-types.js';
import type { Document, SpecOperation } from '../../spec/model.js';
import type { SchemaConverter } from './schema.js';

/** OpenAPI 3.0 defaults: path → simple, query → form; explode defaults to true only for form. */
const DEFAULT_STYLE: Record<WireParameter['in'], string> = { path: 'simple', query: 'form' };

export interface OperationParameters {
  wire: WireParameter[];
  /** Param name → JSON Schema, in wire order (one entry per name). */
  properties: Record<string, JsonSchema>;
  required: string[];
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

/** Path parameters in template order, then query parameters in declaration order. */
export function transformParameters(converter: SchemaConverter, operation: SpecOperation): OperationParameters {
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
    if (!(parameter.name in properties)) properties[parameter.name] = parameterSchema(converter, parameter, operation.where);
    const isRequired = location === 'path' || parameter.required === true;
    if (isRequired && !required.includes(parameter.name)) required.push(parameter.name);
  };

  for (const parameter of operation.pathParameters) add(parameter, 'path');
  for (const parameter of operation.queryParameters) add(parameter, 'query');
  return { wire, properties, required };
}
