/** The spec model's request body → the `$body` param and the entry's `body` field. */
import type { JsonSchema } from '../../runtime/registry-types.js';
import { derefObject } from '../../runtime/json-pointer.js';
import type { Document, SpecOperation } from '../../spec/model.js';
import type { SchemaConverter } from './schema.js';

export interface OperationBody {
  required: boolean;
  /** Rule "body-required-by-schema": optional in the spec, but its schema requires properties. */
  requiredBySchema: boolean;
  contentType: string;
  schema: JsonSchema;
}

export function transformRequestBody(document: Document, converter: SchemaConverter, operation: SpecOperation): OperationBody | null {
  const body = operation.requestBody;
  if (!body) return null;
  const schema = converter.convert(body.schema, `${operation.where} request body`);
  if (body.description && !schema.description) schema.description = body.description.trim();
  const requiredBySchema = !body.required && requiresProperties(document, body.schema);
  return { required: body.required || requiredBySchema, requiredBySchema, contentType: body.contentType, schema };
}

/**
 * Whether no body can satisfy the schema: it requires properties itself, through an `allOf`
 * part, or in every `oneOf`/`anyOf` branch. (Upstream marks almost every body optional,
 * so without this a missing body would pass validation and be refused by Intercom instead.)
 */
function requiresProperties(document: Document, schema: unknown, depth = 0): boolean {
  const resolved = derefObject(document, schema);
  if (!resolved || depth > 10) return false;
  if (Array.isArray(resolved.required) && resolved.required.length > 0) return true;
  if ((resolved.allOf ?? []).some((part: unknown) => requiresProperties(document, part, depth + 1))) return true;
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = resolved[keyword];
    if (Array.isArray(branches) && branches.length > 0 && branches.every((b: unknown) => requiresProperties(document, b, depth + 1))) {
      return true;
    }
  }
  return false;
}
