/**
 * Operation Objects → registry entries. This is the per-operation model the rest builds on
 * (client functions, registry.json, and version-diff reports): one `ApiOperationEntry` per
 * operation, in spec order, plus what the generator had to decide on the way.
 */
import type { ApiOperationEntry, HttpMethod, JsonSchema, Pagination } from '../../runtime/registry-types.js';
import { applyRelaxations, type AppliedRelaxation, type Relaxation, RELAXATIONS } from '../relaxations.js';
import { assertUniqueNames, assertValidName, deriveOperationName } from '../naming.js';
import { detectPagination } from './pagination.js';
import { mergedParameters, transformParameters } from './parameters.js';
import { rawBodySchema, transformRequestBody } from './request-body.js';
import { responseContentTypeOf } from './response.js';
import { SchemaConverter } from './schema.js';

type Document = Record<string, any>;

/** The HTTP methods a registry entry can have, in the order OpenAPI lists them in a Path Item. */
const METHODS: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'];

/** Something a reader of the manifest should know about one operation. */
export interface OperationNote {
  operation: string;
  rule: 'derived-name' | 'rows-from-example' | 'body-required-by-schema';
  detail: string;
}

export interface TransformedOperations {
  entries: ApiOperationEntry[];
  relaxations: AppliedRelaxation[];
  notes: OperationNote[];
  converter: SchemaConverter;
}

/**
 * readOnly rule: GET; and POSTs that only read, recognised by a path ending in
 * `/search` or an operationId starting with `search` or `list` (`POST /companies/list`).
 */
export function isReadOnly(method: HttpMethod, path: string, operationId: string | null): boolean {
  if (method === 'GET') return true;
  if (method !== 'POST') return false;
  return /\/search$/.test(path) || /^(search|list)/i.test(operationId ?? '');
}

/** Summary, else the description's first sentence, else `METHOD path`. */
export function summaryOf(operation: Document, method: HttpMethod, path: string): string {
  const summary = typeof operation.summary === 'string' ? operation.summary.trim() : '';
  if (summary) return summary;
  const description = typeof operation.description === 'string' ? operation.description.trim() : '';
  const sentence = /^(.+?[.!?])(\s|$)/s.exec(description.split(/\n\s*\n/)[0] ?? '')?.[1] ?? description.split('\n')[0];
  return sentence?.replace(/\s+/g, ' ').trim() || `${method} ${path}`;
}

/** Every operation of the document, spec order: [method, path, pathItem, operation]. */
export function* specOperations(document: Document): Generator<[HttpMethod, string, Document, Document]> {
  for (const [path, pathItem] of Object.entries<Document>(document.paths ?? {})) {
    for (const key of Object.keys(pathItem)) {
      const method = key.toUpperCase() as HttpMethod;
      if (METHODS.includes(method)) yield [method, path, pathItem, pathItem[key]];
    }
  }
}

/** The flat params object: unknown top-level params are rejected (the contract names them). */
function paramsSchemaOf(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length) schema.required = required;
  schema.additionalProperties = false;
  return schema;
}

export function transformOperation(
  document: Document,
  converter: SchemaConverter,
  method: HttpMethod,
  path: string,
  pathItem: Document,
  operation: Document,
  relaxations: readonly Relaxation[] = RELAXATIONS,
): { entry: ApiOperationEntry; relaxations: AppliedRelaxation[]; notes: OperationNote[] } {
  const operationId = typeof operation.operationId === 'string' ? operation.operationId : null;
  const name = operationId ?? deriveOperationName(method, path);
  const where = `${method} ${path} (${name})`;
  assertValidName(name, where);
  const notes: OperationNote[] = [];
  if (!operationId) notes.push({ operation: name, rule: 'derived-name', detail: `no operationId: named from ${method} ${path}` });

  const merged = mergedParameters(document, pathItem, operation, where);
  const params = transformParameters(document, converter, path, merged, where);
  const body = transformRequestBody(document, converter, operation, where);
  const properties = { ...params.properties };
  const required = [...params.required];
  if (body) {
    if ('$body' in properties) throw new Error(`${where}: a parameter is named "$body"`);
    properties.$body = body.schema;
    if (body.required) required.push('$body');
    if (body.requiredBySchema) {
      notes.push({ operation: name, rule: 'body-required-by-schema', detail: 'the spec marks the body optional, but its schema requires properties: $body is required' });
    }
  }
  const paramsSchema = paramsSchemaOf(properties, required);
  // Self-contained: the components it reaches travel with it (fresh copies, so relaxing one
  // operation's schema never touches another's).
  const defs = converter.defsFor(paramsSchema, where);
  if (Object.keys(defs).length) paramsSchema.$defs = defs;
  const applied = applyRelaxations(name, paramsSchema, relaxations);
  const detected = detectPagination(document, operation, params.wire, rawBodySchema(document, operation, where));
  let pagination: Pagination | null = null;
  if (detected) {
    const { rowsFromExample, ...rest } = detected;
    pagination = rest;
    if (rowsFromExample) {
      notes.push({
        operation: name,
        rule: 'rows-from-example',
        detail: `the response schema holds rows in "${rowsFromExample}" but every example in "${rest.rowsPath}": rowsPath follows the examples`,
      });
    }
  }

  const entry: ApiOperationEntry = {
    kind: 'api',
    name,
    operationId,
    method,
    path,
    summary: summaryOf(operation, method, path),
    readOnly: isReadOnly(method, path, operationId),
    deprecated: operation.deprecated === true,
    tags: Array.isArray(operation.tags) ? operation.tags.map(String) : [],
    parameters: params.wire,
    body: body ? { required: body.required, contentType: body.contentType } : null,
    pagination,
    responseContentType: responseContentTypeOf(document, operation, merged, where),
    paramsSchema,
  };
  return { entry, relaxations: applied, notes };
}

export function transformOperations(document: Document, relaxations: readonly Relaxation[] = RELAXATIONS): TransformedOperations {
  const converter = new SchemaConverter(document);
  const entries: ApiOperationEntry[] = [];
  const applied: AppliedRelaxation[] = [];
  const notes: OperationNote[] = [];
  for (const [method, path, pathItem, operation] of specOperations(document)) {
    const result = transformOperation(document, converter, method, path, pathItem, operation, relaxations);
    entries.push(result.entry);
    applied.push(...result.relaxations);
    notes.push(...result.notes);
  }
  assertUniqueNames(entries.map((e) => ({ name: e.name, where: `${e.method} ${e.path}` })));
  return { entries, relaxations: applied, notes, converter };
}
