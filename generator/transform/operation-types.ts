/**
 * `operation-types.ts`: every operation name of a version → its params, result and row types, the
 * map the entries type `run`/`iterate` with (runtime/typed.ts).
 *
 * - API operations: openapi-typescript's own types (schema.ts), read through `paths[path][method]`
 *   (the four operations without an operationId have no `operations[...]` entry) and mapped to the
 *   flat params shape; `$body` required or optional as the registry decided; the result is the
 *   success response's content (bytes or text for the non-JSON answers, null for an empty one);
 *   rows are the array at the pagination's `rowsPath`.
 * - v1 operations: their params schema through json-schema-to-typescript, one namespace each (so
 *   the interfaces it names never collide); their answer is `unknown` (the v1 shapes have no
 *   schema of their own), and only those that write nothing have rows.
 */
import { compile } from 'json-schema-to-typescript';
import type { ApiOperationEntry, JsonSchema, V1OperationEntry } from '../../runtime/registry-types.js';
import type { SpecModel } from '../../spec/model.js';
import { tsString } from '../render.js';
import { isJsonMediaType } from './response.js';

/** The schema's text → its declarations: the v1 params schemas are the same in most versions. */
const compiled = new Map<string, Promise<string>>();

/** Annotations that only inflate the declarations (and `title`, which would rename the root type). */
const DROPPED = new Set(['examples', 'title', '$comment']);

function withoutAnnotations(schema: unknown, top = true): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withoutAnnotations(item, false));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `title` below the top names sub-interfaces; kept there, dropped at the top.
    if (DROPPED.has(key) && (top || key !== 'title')) continue;
    out[key] = key === 'properties' || key === '$defs' || key === 'definitions'
      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, withoutAnnotations(v, false)]))
      : withoutAnnotations(value, false);
  }
  return out;
}

function paramsDeclarations(schema: JsonSchema): Promise<string> {
  const clean = withoutAnnotations(schema) as JsonSchema;
  const key = JSON.stringify(clean);
  let text = compiled.get(key);
  if (!text) {
    text = compile(clean as Parameters<typeof compile>[0], 'Params', {
      bannerComment: '',
      format: false,
      additionalProperties: false,
      declareExternallyReferenced: true,
      unreachableDefinitions: false,
      strictIndexSignatures: true,
      unknownAny: true,
      $refOptions: { resolve: { external: false } } as never,
    });
    compiled.set(key, text);
  }
  return text;
}

/** `['pages', 'next']` as a TypeScript tuple type. */
function pathTuple(dotPath: string): string {
  return `[${dotPath.split('.').map(tsString).join(', ')}]`;
}

function apiTypes(model: SpecModel, entry: ApiOperationEntry): string {
  const op = `paths[${tsString(entry.path)}][${tsString(entry.method.toLowerCase())}]`;
  const body = !entry.body ? 'none' : (entry.paramsSchema.required as string[] | undefined)?.includes('$body') ? 'required' : 'optional';
  const params = `ApiParams<${op}, ${tsString(body)}${entry.body ? `, ${tsString(entry.body.contentType)}` : ''}>`;
  const response = model.operations.find((o) => o.name === entry.name)?.response ?? null;
  let result: string;
  if (entry.responseContentType) result = entry.responseContentType.startsWith('text/') ? 'string' : 'Uint8Array';
  else if (!response || !response.contentType) result = 'null';
  else if (!/^\d{3}$/.test(response.status) || !isJsonMediaType(response.contentType)) result = 'unknown';
  else result = `ApiResult<${op}, ${response.status}, ${tsString(response.contentType)}>`;
  const row = entry.pagination ? `RowsAt<${result}, ${pathTuple(entry.pagination.rowsPath)}>` : 'never';
  return `{ params: ${params}; result: ${result}; row: ${row} }`;
}

export async function renderOperationTypes(input: {
  header: string;
  version: string;
  model: SpecModel;
  api: readonly ApiOperationEntry[];
  v1: readonly V1OperationEntry[];
  runtimeDir: string;
}): Promise<string> {
  const namespaces: string[] = [];
  const members: string[] = [];
  for (const entry of input.api) members.push(`  ${entry.name}: ${apiTypes(input.model, entry)};`);
  for (const entry of input.v1) {
    const declarations = (await paramsDeclarations(entry.paramsSchema)).trim().replace(/^/gm, '    ');
    namespaces.push(`  namespace ${entry.name} {\n${declarations}\n  }`);
    const params = `v1.${entry.name}.Params${entry.resultsPath ? ' & { resultsPath?: string }' : ''}`;
    members.push(`  ${entry.name}: { params: ${params}; result: unknown; row: ${entry.readOnly ? 'unknown' : 'never'} };`);
  }
  return [
    input.header,
    "import type { paths } from './schema.js';",
    `import type { ApiParams, ApiResult, RowsAt } from ${tsString(`${input.runtimeDir}/typed.js`)};`,
    '',
    `/** The params of each v1 operation of ${input.version}, from its params schema. */`,
    'export declare namespace v1 {',
    namespaces.join('\n'),
    '}',
    '',
    `/** Every operation of ${input.version} by name: params, result and the rows iterate() yields. */`,
    'export interface Operations {',
    ...members,
    '}',
    '',
  ].join('\n');
}
