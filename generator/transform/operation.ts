/**
 * The spec model's operations → registry entries: one `ApiOperationEntry` per operation, in
 * description order, plus what the generator had to decide on the way (relaxations, notes).
 */
import type { ApiOperationEntry, HttpMethod, JsonSchema, Pagination } from '../../runtime/registry-types.js';
import type { Document, SpecModel, SpecOperation } from '../../spec/model.js';
import { applyRelaxations, type AppliedRelaxation, type Relaxation, RELAXATIONS } from '../relaxations.js';
import { assertUniqueNames, assertValidName } from '../naming.js';
import { detectPagination } from './pagination.js';
import { transformParameters } from './parameters.js';
import { transformRequestBody } from './request-body.js';
import { responseContentTypeOf, resultSchemaOf } from './response.js';
import { rowSchemaOf } from './schema-parts.js';
import { SchemaConverter } from './schema.js';

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

/** The flat params object: an unknown top-level param is rejected, by name. */
function paramsSchemaOf(properties: Record<string, JsonSchema>, required: string[]): JsonSchema {
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length) schema.required = required;
  schema.additionalProperties = false;
  return schema;
}

export function transformOperation(
  model: SpecModel,
  converter: SchemaConverter,
  operation: SpecOperation,
  relaxations: readonly Relaxation[] = RELAXATIONS,
): { entry: ApiOperationEntry; relaxations: AppliedRelaxation[]; notes: OperationNote[] } {
  const { name, operationId, method, path, where } = operation;
  assertValidName(name, where);
  const notes: OperationNote[] = [];
  if (!operationId) notes.push({ operation: name, rule: 'derived-name', detail: `no operationId: named from ${method} ${path}` });

  const params = transformParameters(converter, operation);
  const body = transformRequestBody(model.document, converter, operation);
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
  const detected = detectPagination(model.document, operation.operation, params.wire, operation.requestBody?.schema);
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

  const resultSchema = resultSchemaOf(model.document, converter, operation);
  const rowSchema = pagination ? rowSchemaOf(resultSchema, pagination.rowsPath, where) : null;
  // iterate() streams what rowSchema describes: a paginated answer must declare its rows (where
  // rule rows-from-example found them in the examples only, a listed fix declares them).
  if (pagination && !rowSchema) {
    throw new Error(`${where}: pages with rows at "${pagination.rowsPath}", but its answer's schema declares no array there: declare it with a listed fix (spec/fixes.ts)`);
  }

  const spec: Document = operation.operation;
  const entry: ApiOperationEntry = {
    kind: 'api',
    name,
    operationId,
    method,
    path,
    summary: summaryOf(spec, method, path),
    readOnly: isReadOnly(method, path, operationId),
    deprecated: operation.deprecated,
    tags: Array.isArray(spec.tags) ? spec.tags.map(String) : [],
    parameters: params.wire,
    body: body ? { required: body.required, contentType: body.contentType } : null,
    pagination,
    responseContentType: responseContentTypeOf(operation),
    paramsSchema,
    resultSchema,
    rowSchema,
  };
  return { entry, relaxations: applied, notes };
}

export function transformOperations(model: SpecModel, relaxations: readonly Relaxation[] = RELAXATIONS): TransformedOperations {
  const converter = new SchemaConverter(model.document);
  const entries: ApiOperationEntry[] = [];
  const applied: AppliedRelaxation[] = [];
  const notes: OperationNote[] = [];
  for (const operation of model.operations) {
    const result = transformOperation(model, converter, operation, relaxations);
    entries.push(result.entry);
    applied.push(...result.relaxations);
    notes.push(...result.notes);
  }
  assertUniqueNames(entries.map((e) => ({ name: e.name, where: `${e.method} ${e.path}` })));
  return { entries, relaxations: applied, notes, converter };
}
