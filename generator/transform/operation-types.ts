/**
 * `operation-types.ts`: every operation name of a version → its params, result and row types, the
 * map the entries type `run`/`iterate` with (runtime/typed.ts).
 *
 * - API operations: openapi-typescript's own types (schema.ts), read through `paths[path][method]`
 *   (the four operations without an operationId have no `operations[...]` entry) and mapped to the
 *   flat params shape; `$body` required or optional as the registry decided; the result is the
 *   success response's content (bytes or text for the non-JSON answers, null for an empty one);
 *   rows are the array at the pagination's `rowsPath`; `path` names the path parameters in route
 *   order, the positions a v1 binding's `ctx.call` fills (runtime/binding-api.ts).
 * - v1 operations: their params, result and row schemas (the v1 answer the registry declares)
 *   through json-schema-to-typescript, one namespace per operation in each of `v1`, `v1Result` and
 *   `v1Row` (so the interfaces it names never collide); rows only where the entry has a rowSchema.
 *   The component schemas their answers hold in `$defs` (contact, company, …) are declared once,
 *   in `v1Defs`, and referred to from there: declared inline, each answer would repeat them.
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
/**
 * Answers also lose their descriptions: the same words are in the registry's resultSchema (and
 * mostly in schema.ts), and as doc comments on every v1 answer they would make the declarations
 * of the 11 versions about 2 MB larger.
 */
const DROPPED_FROM_ANSWERS = new Set([...DROPPED, 'description']);

function withoutAnnotations(schema: unknown, top = true, dropped: ReadonlySet<string> = DROPPED): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withoutAnnotations(item, false, dropped));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `title` below the top names sub-interfaces; kept there, dropped at the top.
    if (dropped.has(key) && (top || key !== 'title')) continue;
    out[key] = key === 'properties' || key === '$defs' || key === 'definitions'
      ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, withoutAnnotations(v, false, dropped)]))
      : withoutAnnotations(value, false, dropped);
  }
  return out;
}

/** TypeScript declarations of `schema`, its root named `name`. */
function declarations(schema: JsonSchema, name: string): Promise<string> {
  const clean = withoutAnnotations(schema, true, name === 'Params' ? DROPPED : DROPPED_FROM_ANSWERS) as JsonSchema;
  const key = `${name} ${JSON.stringify(clean)}`;
  let text = compiled.get(key);
  if (!text) {
    text = compile(clean as Parameters<typeof compile>[0], name, {
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

const DEFS_REF = /^#\/\$defs\/([A-Za-z_][A-Za-z0-9_]*)$/;

/** `schema` with its `$defs` left out and each `$ref` into them written as the type declared in v1Defs. */
function refsAsDefTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(refsAsDefTypes);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$defs') continue;
    if (key === '$ref' && typeof value === 'string') {
      const name = DEFS_REF.exec(value)?.[1];
      if (!name) throw new Error(`operation types: unexpected $ref ${value} in a v1 answer schema`);
      out.tsType = `v1Defs.${name}.Def`;
      continue;
    }
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, refsAsDefTypes(v)])) : refsAsDefTypes(value);
  }
  return out;
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
  // In the order the runtime fills them from a binding's positional path values (binding-context.ts).
  const pathNames = entry.parameters.filter((p) => p.in === 'path').map((p) => tsString(p.name));
  return `{ params: ${params}; result: ${result}; row: ${row}; path: [${pathNames.join(', ')}] }`;
}

export async function renderOperationTypes(input: {
  header: string;
  version: string;
  model: SpecModel;
  api: readonly ApiOperationEntry[];
  v1: readonly V1OperationEntry[];
  runtimeDir: string;
}): Promise<string> {
  const namespaces = { Params: [] as string[], Result: [] as string[], Row: [] as string[], Def: [] as string[] };
  // The component schemas of every v1 answer of this version, by name (one schema per name).
  const defs = new Map<string, string>();
  const collectDefs = (schema: JsonSchema) => {
    for (const [name, def] of Object.entries((schema.$defs ?? {}) as Record<string, unknown>)) {
      const text = JSON.stringify(def);
      if (defs.has(name) && defs.get(name) !== text) throw new Error(`operation types: two v1 answer schemas define $defs/${name} differently`);
      defs.set(name, text);
    }
  };
  const members: string[] = [];
  const declare = async (kind: keyof typeof namespaces, name: string, schema: JsonSchema) => {
    const text = (await declarations(schema, kind)).trim().replace(/^/gm, '    ');
    namespaces[kind].push(`  namespace ${name} {\n${text}\n  }`);
  };
  for (const entry of input.api) members.push(`  ${entry.name}: ${apiTypes(input.model, entry)};`);
  for (const entry of input.v1) {
    await declare('Params', entry.name, entry.paramsSchema);
    const params = `v1.${entry.name}.Params${entry.resultsPath ? ' & { resultsPath?: string }' : ''}`;
    let result = 'unknown';
    if (entry.resultSchema) {
      collectDefs(entry.resultSchema);
      await declare('Result', entry.name, refsAsDefTypes(entry.resultSchema) as JsonSchema);
      result = `v1Result.${entry.name}.Result`;
    }
    let row = 'never';
    if (entry.rowSchema) {
      collectDefs(entry.rowSchema);
      await declare('Row', entry.name, refsAsDefTypes(entry.rowSchema) as JsonSchema);
      row = `v1Row.${entry.name}.Row`;
    }
    members.push(`  ${entry.name}: { params: ${params}; result: ${result}; row: ${row} };`);
  }
  for (const name of [...defs.keys()].sort()) await declare('Def', name, refsAsDefTypes(JSON.parse(defs.get(name)!)) as JsonSchema);
  return [
    input.header,
    "import type { paths } from './schema.js';",
    `import type { ApiParams, ApiResult, RowsAt } from ${tsString(`${input.runtimeDir}/typed.js`)};`,
    '',
    `/** The params of each v1 operation of ${input.version}, from its params schema. */`,
    'export declare namespace v1 {',
    namespaces.Params.join('\n'),
    '}',
    '',
    `/** What each v1 operation of ${input.version} resolves to, from its resultSchema (the v1 answer). */`,
    'export declare namespace v1Result {',
    namespaces.Result.join('\n'),
    '}',
    '',
    `/** The rows iterate() yields for the v1 operations of ${input.version} that list, from their rowSchema. */`,
    'export declare namespace v1Row {',
    namespaces.Row.join('\n'),
    '}',
    '',
    `/** The component schemas the v1 answers of ${input.version} hold (contact, company, …), each declared once. */`,
    'export declare namespace v1Defs {',
    namespaces.Def.join('\n'),
    '}',
    '',
    `/** Every operation of ${input.version} by name: params, result and the rows iterate() yields. */`,
    'export interface Operations {',
    ...members,
    '}',
    '',
  ].join('\n');
}
