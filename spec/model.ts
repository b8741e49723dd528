/**
 * The one model of a description's operations. spec/load.ts builds it once per loaded document
 * (after the listed fixes); the generator's transforms turn it into registry entries and `diff`
 * compares two of them, so whatever the model says (a fix, a merged parameter, a name) reaches
 * the registry and the version report alike.
 *
 * Its objects are the document's own, not copies: the `$ref`s of path items, parameters, request
 * bodies and responses are followed; schemas are left as the description writes them.
 */
import { isHttpMethod, type HttpMethod } from '../runtime/http-methods.js';
import { isRef, MAX_REF_HOPS, resolveRef } from '../runtime/json-pointer.js';

export type Document = Record<string, any>;

export interface SpecRequestBody {
  /** As the description declares it (`requestBody.required`). */
  required: boolean;
  /** The media type `run()` sends (`preferredContentType`). */
  contentType: string;
  /** That media type's schema as written (OpenAPI 3.0), `{}` when it has none. */
  schema: Document;
  description: string | null;
}

export interface SpecResponse {
  status: string;
  /** The preferred media type, null when the response has no content. */
  contentType: string | null;
  schema: Document | null;
}

export interface SpecOperation {
  /** `METHOD route`: what identifies an operation across versions, e.g. "GET /admins/{}". */
  key: string;
  /** Registry name: the operationId, else the name `deriveOperationName` gives. */
  name: string;
  operationId: string | null;
  method: HttpMethod;
  /** Path template exactly as the description writes it. */
  path: string;
  /** The path with every parameter name blanked (`routeShape`). */
  route: string;
  /** `METHOD path (name)`: how errors name the operation. */
  where: string;
  /** The Operation Object as written (summary, description, tags, responses, …). */
  operation: Document;
  /** Path-level parameters overridden by operation-level ones (same name and location), every location. */
  parameters: Document[];
  /** Path parameters in template order: positional filling (v1 bindings) follows the URL. */
  pathParameters: Document[];
  /** Query parameters in declaration order. */
  queryParameters: Document[];
  requestBody: SpecRequestBody | null;
  /** The 2xx responses, by status (sorted). */
  successResponses: Array<{ status: string; response: Document }>;
  /** The success answer: the 200 response, else the first 2xx. */
  response: SpecResponse | null;
  deprecated: boolean;
}

export interface SpecModel {
  version: string;
  document: Document;
  /** Every operation, in description order. */
  operations: readonly SpecOperation[];
  byKey: ReadonlyMap<string, SpecOperation>;
}

/** The path with every `{name}` blanked to `{}`: what stays the same across versions. */
export function routeShape(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}');
}

function pathTemplateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function pascalWords(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/**
 * The name of an operation without operationId (four from 2.14 on): the lower-case HTTP method,
 * then for each path segment in order, a literal segment's words (split on anything not a letter
 * or digit) in PascalCase, a `{param}` segment "By" + the parameter's words in PascalCase.
 *
 *   GET  /export/reporting_data/{job_identifier}  →  getExportReportingDataByJobIdentifier
 *   POST /export/reporting_data/enqueue           →  postExportReportingDataEnqueue
 */
export function deriveOperationName(method: string, path: string): string {
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? `By${pascalWords(param[1]!)}` : pascalWords(segment);
    });
  return method.toLowerCase() + parts.join('');
}

/** JSON when offered (what `run()` sends), else the first media type the description lists. */
export function preferredContentType(content: Record<string, unknown>): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => t === 'application/json') ?? types.find((t) => /[/+]json\b/.test(t)) ?? types[0];
}

/** Follows local `$ref`s to the object they name; anything that does not resolve fails, naming `where`. */
function deref(document: Document, node: unknown, where: string): Document {
  let current = node;
  for (let hops = 0; isRef(current); hops++) {
    const ref = current.$ref;
    current = hops < MAX_REF_HOPS ? resolveRef(document, ref) : undefined;
    if (current === undefined) throw new Error(`${where}: cannot resolve $ref ${ref}`);
  }
  if (current === null || typeof current !== 'object') throw new Error(`${where}: expected an object, found ${JSON.stringify(current)}`);
  return current as Document;
}

function mergedParameters(document: Document, pathItem: Document, operation: Document, where: string): Document[] {
  const byKey = new Map<string, Document>();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = deref(document, raw, where);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

function pathParametersOf(path: string, parameters: readonly Document[], where: string): Document[] {
  const names = pathTemplateNames(path);
  for (const parameter of parameters) {
    if (parameter.in === 'path' && !names.includes(parameter.name)) {
      throw new Error(`${where}: path parameter "${parameter.name}" does not appear in the path template`);
    }
  }
  return names.map((name) => {
    const parameter = parameters.find((p) => p.in === 'path' && p.name === name);
    // A URL cannot be built without it; an upstream slip of this kind gets a listed fix in spec/fixes.ts.
    if (!parameter) throw new Error(`${where}: {${name}} is in the path but not declared as a path parameter`);
    return parameter;
  });
}

function requestBodyOf(document: Document, operation: Document, where: string): SpecRequestBody | null {
  if (!operation.requestBody) return null;
  const requestBody = deref(document, operation.requestBody, `${where} request body`);
  const content = requestBody.content ?? {};
  const contentType = preferredContentType(content);
  if (!contentType) return null;
  return {
    required: requestBody.required === true,
    contentType,
    schema: content[contentType]?.schema ?? {},
    description: typeof requestBody.description === 'string' ? requestBody.description : null,
  };
}

function successResponsesOf(document: Document, operation: Document, where: string): SpecOperation['successResponses'] {
  return Object.keys(operation.responses ?? {})
    .filter((status) => /^2(\d\d|XX)$/i.test(status))
    .sort()
    .map((status) => ({ status, response: deref(document, operation.responses[status], `${where} response ${status}`) }));
}

function responseOf(successResponses: SpecOperation['successResponses']): SpecResponse | null {
  const success = successResponses.find((r) => r.status === '200') ?? successResponses[0];
  if (!success) return null;
  const content = success.response.content ?? {};
  const contentType = preferredContentType(content) ?? null;
  return { status: success.status, contentType, schema: contentType ? (content[contentType]?.schema ?? null) : null };
}

function operationOf(document: Document, method: HttpMethod, path: string, pathItem: Document, operation: Document): SpecOperation {
  const operationId = typeof operation.operationId === 'string' ? operation.operationId : null;
  const name = operationId ?? deriveOperationName(method, path);
  const where = `${method} ${path} (${name})`;
  const parameters = mergedParameters(document, pathItem, operation, where);
  const successResponses = successResponsesOf(document, operation, where);
  const route = routeShape(path);
  return {
    key: `${method} ${route}`,
    name,
    operationId,
    method,
    path,
    route,
    where,
    operation,
    parameters,
    pathParameters: pathParametersOf(path, parameters, where),
    queryParameters: parameters.filter((p) => p.in === 'query'),
    requestBody: requestBodyOf(document, operation, where),
    successResponses,
    response: responseOf(successResponses),
    deprecated: operation.deprecated === true,
  };
}

export function buildSpecModel(version: string, document: Document): SpecModel {
  const operations: SpecOperation[] = [];
  const byKey = new Map<string, SpecOperation>();
  for (const [path, rawItem] of Object.entries<unknown>(document.paths ?? {})) {
    const pathItem = deref(document, rawItem, `path ${path}`);
    for (const [key, operation] of Object.entries<Document>(pathItem)) {
      const method = key.toUpperCase();
      if (!isHttpMethod(method)) continue;
      const model = operationOf(document, method, path, pathItem, operation);
      const same = byKey.get(model.key);
      // Two templates of one shape would make matching by route (versions, v1 targets) ambiguous.
      if (same) throw new Error(`spec ${version}: ${same.method} ${same.path} and ${model.path} have the same route ${model.key}`);
      byKey.set(model.key, model);
      operations.push(model);
    }
  }
  return { version, document, operations, byKey };
}
