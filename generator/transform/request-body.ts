/** Request Body Objects → the `$body` param and the entry's `body` field. */
import type { JsonSchema } from '../../runtime/registry-types.js';
import { deref, derefSchema } from './refs.js';
import type { SchemaConverter } from './schema.js';

type Document = Record<string, any>;

export interface OperationBody {
  required: boolean;
  /** Rule "body-required-by-schema": optional in the spec, but its schema requires properties. */
  requiredBySchema: boolean;
  contentType: string;
  schema: JsonSchema;
}

/** JSON when offered (what `run()` sends), else the first media type the spec lists. */
export function preferredContentType(content: Record<string, unknown>): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => t === 'application/json') ?? types.find((t) => /[/+]json\b/.test(t)) ?? types[0];
}

export function transformRequestBody(
  document: Document,
  converter: SchemaConverter,
  operation: Document,
  where: string,
): OperationBody | null {
  if (!operation.requestBody) return null;
  const requestBody = deref(document, operation.requestBody, where);
  const contentType = preferredContentType(requestBody.content ?? {});
  if (!contentType) return null;
  const source = requestBody.content[contentType]?.schema ?? {};
  const schema = converter.convert(source, `${where} request body`);
  if (requestBody.description && !schema.description) schema.description = String(requestBody.description).trim();
  const declared = requestBody.required === true;
  const requiredBySchema = !declared && requiresProperties(document, source);
  return { required: declared || requiredBySchema, requiredBySchema, contentType, schema };
}

/**
 * Whether no body can satisfy the schema: it requires properties itself, through an `allOf`
 * part, or in every `oneOf`/`anyOf` branch. (Upstream marks almost every body optional,
 * so without this a missing body would pass validation and be refused by Intercom instead.)
 */
function requiresProperties(document: Document, schema: unknown, depth = 0): boolean {
  const resolved = derefSchema(document, schema);
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

/** The body's own (OpenAPI) schema, for detectors that look at property names. */
export function rawBodySchema(document: Document, operation: Document, where: string): Document | undefined {
  if (!operation.requestBody) return undefined;
  const requestBody = deref(document, operation.requestBody, where);
  const contentType = preferredContentType(requestBody.content ?? {});
  return contentType ? requestBody.content[contentType]?.schema : undefined;
}
