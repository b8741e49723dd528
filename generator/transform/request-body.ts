/** Request Body Objects → the `$body` param and the entry's `body` field. */
import type { JsonSchema } from '../../runtime/registry-types.js';
import { deref } from './refs.js';
import type { SchemaConverter } from './schema.js';

type Document = Record<string, any>;

export interface OperationBody {
  required: boolean;
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
  return { required: requestBody.required === true, contentType, schema };
}

/** The body's own (OpenAPI) schema, for detectors that look at property names. */
export function rawBodySchema(document: Document, operation: Document, where: string): Document | undefined {
  if (!operation.requestBody) return undefined;
  const requestBody = deref(document, operation.requestBody, where);
  const contentType = preferredContentType(requestBody.content ?? {});
  return contentType ? requestBody.content[contentType]?.schema : undefined;
}
