/**
 * What changed between two Intercom spec versions that matters to callers and to the v1 bindings.
 *
 * Operations are matched across versions by what never changes: HTTP method + route shape (the
 * path with every parameter name blanked to `{}`). A different operationId on the same route is a
 * RENAME, never an add plus a remove. Per matched operation the report lists path parameters
 * renamed (by position) or retyped, query parameters added / removed / retyped / newly required,
 * and request-body and 2xx-response schema changes (properties added, removed, retyped, newly
 * required; top levels only, see `SCHEMA_DEPTH`). Then, for every v1 operation, whether the 2.x
 * operations it calls still resolve (method + route + known operationId spellings) and what changed
 * under them. `renderDiffMarkdown` is for people; the JSON form (`JSON.stringify(report)`) has a
 * fixed key order and sorted lists, so CI can diff it.
 *
 * The model is built straight from the loaded OpenAPI documents (spec/load.ts, with its listed
 * load-time fixes): it needs the declared OpenAPI types (integer vs string), which the registry's
 * converted JSON Schemas also carry but less directly. Names follow the generator's rule
 * (`generator/naming.ts`), so a name here is the registry name in that version.
 */
import { loadSpec, type LoadedSpec } from '../spec/load.js';
import type { LocateOptions } from '../spec/locate.js';
import type { HttpMethod } from '../runtime/registry-types.js';
import type { Target } from '../operations/types.js';
import { deriveOperationName } from './naming.js';

type Document = Record<string, any>;

/** Property levels compared inside request and response bodies (1 = top-level properties only). */
export const SCHEMA_DEPTH = 2;

const METHODS: readonly HttpMethod[] = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'];

// ---------------------------------------------------------------------------------------------
// Per-version operation model
// ---------------------------------------------------------------------------------------------

export interface ParamModel {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  /** Declared type summary, e.g. "integer", "string", "array<string>", "object", "string|null". */
  type: string;
}

export interface BodyModel {
  required: boolean;
  contentType: string;
  schema: Document;
}

export interface ResponseModel {
  /** The first 2xx status the operation declares (200 preferred). */
  status: string;
  /** JSON (or first) content type, null when that response has no body. */
  contentType: string | null;
  schema: Document | null;
}

export interface OperationModel {
  /** `METHOD route`, the cross-version identity, e.g. "GET /admins/{}". */
  key: string;
  /** Registry name: the operationId, or the derived name when the spec has none. */
  name: string;
  operationId: string | null;
  method: HttpMethod;
  /** Path template exactly as the spec writes it. */
  path: string;
  /** Path with parameter names blanked: `/admins/{}`. */
  route: string;
  /** In template order. */
  pathParams: ParamModel[];
  /** In spec order. */
  queryParams: ParamModel[];
  body: BodyModel | null;
  response: ResponseModel | null;
  deprecated: boolean;
}

export interface SpecModel {
  version: string;
  document: Document;
  operations: OperationModel[];
  byKey: Map<string, OperationModel>;
}

export function routeOf(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

function templateNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function refTarget(document: Document, ref: string): Document | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: any = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node?.[key];
  }
  return node && typeof node === 'object' ? node : undefined;
}

/** Follows `$ref` chains (bounded); an unresolvable ref yields `{}`. */
function deref(document: Document, node: unknown): Document {
  let current = (node ?? {}) as Document;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 16; hops++) {
    current = refTarget(document, current.$ref) ?? {};
  }
  return current;
}

/** A short, comparable summary of a schema's declared type. */
export function typeSummary(document: Document, node: unknown, depth = 0): string {
  const schema = deref(document, node);
  const nullable = schema.nullable === true ? '|null' : '';
  if (depth > 4) return 'any';
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(schema[keyword]) && schema[keyword].length) {
      const branches = [...new Set(schema[keyword].map((b: unknown) => typeSummary(document, b, depth + 1)))].sort();
      return branches.length === 1 ? `${branches[0]}${nullable}` : `${keyword}(${branches.join(',')})${nullable}`;
    }
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length) {
    const parts = [...new Set(schema.allOf.map((b: unknown) => typeSummary(document, b, depth + 1)))].filter((t) => t !== 'any');
    if (parts.length === 1) return `${parts[0]}${nullable}`;
    if (parts.every((t) => t === 'object')) return `object${nullable}`;
    return `allOf(${parts.sort().join(',')})${nullable}`;
  }
  let type: string | undefined = Array.isArray(schema.type) ? schema.type.join('|') : schema.type;
  if (!type) type = schema.properties || schema.additionalProperties ? 'object' : schema.items ? 'array' : 'any';
  if (type === 'array') return `array<${typeSummary(document, schema.items, depth + 1)}>${nullable}`;
  return `${type}${nullable}`;
}

function parameterType(document: Document, parameter: Document): string {
  const source = parameter.schema ?? (Object.values(parameter.content ?? {})[0] as Document | undefined)?.schema;
  return typeSummary(document, source ?? { type: 'string' });
}

function mergedParameters(document: Document, pathItem: Document, operation: Document): Document[] {
  const byKey = new Map<string, Document>();
  for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = deref(document, raw);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...byKey.values()];
}

function jsonContent(content: Document | undefined): [string, Document] | null {
  const entries = Object.entries<Document>(content ?? {});
  if (!entries.length) return null;
  return entries.find(([type]) => /json/i.test(type)) ?? entries[0]!;
}

function responseOf(document: Document, operation: Document): ResponseModel | null {
  const statuses = Object.keys(operation.responses ?? {}).filter((s) => /^2/.test(s)).sort();
  if (!statuses.length) return null;
  const status = statuses.includes('200') ? '200' : statuses[0]!;
  const response = deref(document, operation.responses[status]);
  const content = jsonContent(response.content);
  return { status, contentType: content?.[0] ?? null, schema: content?.[1]?.schema ?? null };
}

export function buildSpecModel(version: string, document: Document): SpecModel {
  const operations: OperationModel[] = [];
  for (const [path, rawItem] of Object.entries<Document>(document.paths ?? {})) {
    const pathItem = deref(document, rawItem);
    for (const method of METHODS) {
      const operation = pathItem[method.toLowerCase()] as Document | undefined;
      if (!operation) continue;
      const operationId = typeof operation.operationId === 'string' ? operation.operationId : null;
      const declared = mergedParameters(document, pathItem, operation);
      const pathParams: ParamModel[] = templateNames(path).map((name) => {
        const parameter = declared.find((p) => p.in === 'path' && p.name === name);
        // Upstream slips of this kind get a listed fix in spec/fixes.ts (as the generator demands).
        if (!parameter) throw new Error(`${method} ${path}: {${name}} is in the path but not declared as a path parameter`);
        return { name, in: 'path', required: true, type: parameterType(document, parameter) };
      });
      const queryParams: ParamModel[] = declared
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: String(p.name), in: 'query', required: p.required === true, type: parameterType(document, p) }));
      const requestBody = operation.requestBody ? deref(document, operation.requestBody) : null;
      const content = requestBody ? jsonContent(requestBody.content) : null;
      const body: BodyModel | null =
        requestBody && content
          ? { required: requestBody.required === true, contentType: content[0], schema: content[1].schema ?? {} }
          : null;
      const route = routeOf(path);
      operations.push({
        key: `${method} ${route}`,
        name: operationId ?? deriveOperationName(method, path),
        operationId,
        method,
        path,
        route,
        pathParams,
        queryParams,
        body,
        response: responseOf(document, operation),
        deprecated: operation.deprecated === true,
      });
    }
  }
  const byKey = new Map<string, OperationModel>();
  for (const operation of operations) {
    if (byKey.has(operation.key)) {
      // Two templates of one shape would make matching by route ambiguous: say so, never guess.
      throw new Error(`spec ${version}: ${byKey.get(operation.key)!.path} and ${operation.path} have the same route ${operation.key}`);
    }
    byKey.set(operation.key, operation);
  }
  return { version, document, operations, byKey };
}

// ---------------------------------------------------------------------------------------------
// Schema comparison (bodies and responses)
// ---------------------------------------------------------------------------------------------

/**
 * `nullability`: the same type, only `null` allowed or no longer allowed (kept apart from `retyped`:
 * upstream toggles `nullable` a lot between versions and it rarely matters to a caller).
 */
export type SchemaChangeKind = 'added' | 'removed' | 'retyped' | 'nullability' | 'newly-required' | 'no-longer-required';

export interface SchemaChange {
  /** Dotted property path; `[]` steps into array items, e.g. "data[].id". */
  property: string;
  change: SchemaChangeKind;
  from?: string;
  to?: string;
  /** For an added property: whether it is required. */
  required?: boolean;
}

interface ObjectShape {
  properties: Map<string, unknown>;
  required: Set<string>;
}

/** Properties of an object schema: allOf merged; oneOf/anyOf united (required = in every branch). */
function objectShape(document: Document, node: unknown, depth = 0): ObjectShape | null {
  const schema = deref(document, node);
  if (depth > 6) return null;
  const shape: ObjectShape = { properties: new Map(), required: new Set() };
  let found = false;
  if (schema.properties && typeof schema.properties === 'object') {
    found = true;
    for (const [name, value] of Object.entries(schema.properties)) shape.properties.set(name, value);
  }
  for (const name of Array.isArray(schema.required) ? schema.required : []) shape.required.add(String(name));
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const sub = objectShape(document, part, depth + 1);
    if (!sub) continue;
    found = true;
    for (const [name, value] of sub.properties) if (!shape.properties.has(name)) shape.properties.set(name, value);
    for (const name of sub.required) shape.required.add(name);
  }
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = (Array.isArray(schema[keyword]) ? schema[keyword] : [])
      .map((b: unknown) => objectShape(document, b, depth + 1))
      .filter(Boolean) as ObjectShape[];
    if (!branches.length) continue;
    found = true;
    for (const branch of branches) {
      for (const [name, value] of branch.properties) if (!shape.properties.has(name)) shape.properties.set(name, value);
    }
    for (const name of branches[0]!.required) if (branches.every((b) => b.required.has(name))) shape.required.add(name);
  }
  return found ? shape : null;
}

const withoutNull = (type: string) => type.replace(/\|null\b/g, '');

/** A `retyped` or `nullability` change, or null when the declared types are the same. */
function retyped(property: string, from: string, to: string): SchemaChange | null {
  if (from === to) return null;
  return { property, change: withoutNull(from) === withoutNull(to) ? 'nullability' : 'retyped', from, to };
}

function itemsOf(document: Document, node: unknown): unknown | null {
  const schema = deref(document, node);
  return schema.items ?? null;
}

export function compareSchemas(
  fromDoc: Document,
  fromNode: unknown,
  toDoc: Document,
  toNode: unknown,
  prefix = '',
  depth = SCHEMA_DEPTH,
): SchemaChange[] {
  const changes: SchemaChange[] = [];
  if (depth <= 0) return changes;
  const fromItems = itemsOf(fromDoc, fromNode);
  const toItems = itemsOf(toDoc, toNode);
  if (fromItems && toItems) return compareSchemas(fromDoc, fromItems, toDoc, toItems, `${prefix}[]`, depth);
  const a = objectShape(fromDoc, fromNode);
  const b = objectShape(toDoc, toNode);
  if (!a || !b) return changes;
  const join = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const names = [...new Set([...a.properties.keys(), ...b.properties.keys()])].sort();
  for (const name of names) {
    const inA = a.properties.has(name);
    const inB = b.properties.has(name);
    const property = join(name);
    if (!inA) {
      changes.push({ property, change: 'added', to: typeSummary(toDoc, b.properties.get(name)), required: b.required.has(name) });
      continue;
    }
    if (!inB) {
      changes.push({ property, change: 'removed', from: typeSummary(fromDoc, a.properties.get(name)) });
      continue;
    }
    const retype = retyped(property, typeSummary(fromDoc, a.properties.get(name)), typeSummary(toDoc, b.properties.get(name)));
    if (retype) changes.push(retype);
    if (!a.required.has(name) && b.required.has(name)) changes.push({ property, change: 'newly-required' });
    if (a.required.has(name) && !b.required.has(name)) changes.push({ property, change: 'no-longer-required' });
    changes.push(...compareSchemas(fromDoc, a.properties.get(name), toDoc, b.properties.get(name), property, depth - 1));
  }
  return changes;
}

// ---------------------------------------------------------------------------------------------
// Operation comparison
// ---------------------------------------------------------------------------------------------

export interface PathParameterChange {
  /** 0-based position in the path template. */
  position: number;
  change: 'renamed' | 'retyped';
  from: string;
  to: string;
  /** For a retype: the parameter's name in the new version. */
  name?: string;
}

export interface ParameterChange {
  name: string;
  change: 'added' | 'removed' | 'retyped' | 'newly-required' | 'no-longer-required';
  from?: string;
  to?: string;
  /** For an added parameter: whether it is required (a required addition breaks callers). */
  required?: boolean;
}

export interface BodyChanges {
  /** Body-level change, if any: the operation gained or lost a body, or it became (not) required. */
  body: 'added' | 'removed' | 'newly-required' | 'no-longer-required' | 'content-type-changed' | null;
  /** `from → to` content type when it changed. */
  contentType?: string;
  properties: SchemaChange[];
}

export interface ResponseChanges {
  /** Status or content type changed, or the 2xx body appeared / disappeared. */
  response: string | null;
  properties: SchemaChange[];
}

export interface OperationChanges {
  /** Registry name in the new version. */
  name: string;
  /** Registry name in the old version when it differs (a rename). */
  fromName: string | null;
  method: HttpMethod;
  route: string;
  fromPath: string;
  path: string;
  pathParameters: PathParameterChange[];
  parameters: ParameterChange[];
  requestBody: BodyChanges | null;
  response: ResponseChanges | null;
  /** The operation became deprecated (true) or is no longer deprecated (false); null: unchanged. */
  deprecated: boolean | null;
  /** True when a caller's existing params may now fail or mean something else. */
  breaking: boolean;
}

export function compareOperations(from: SpecModel, a: OperationModel, to: SpecModel, b: OperationModel): OperationChanges {
  const pathParameters: PathParameterChange[] = [];
  a.pathParams.forEach((pa, position) => {
    const pb = b.pathParams[position];
    if (!pb) return;
    if (pa.name !== pb.name) pathParameters.push({ position, change: 'renamed', from: pa.name, to: pb.name });
    if (pa.type !== pb.type) pathParameters.push({ position, change: 'retyped', from: pa.type, to: pb.type, name: pb.name });
  });

  const parameters: ParameterChange[] = [];
  const names = [...new Set([...a.queryParams.map((p) => p.name), ...b.queryParams.map((p) => p.name)])].sort();
  for (const name of names) {
    const qa = a.queryParams.find((p) => p.name === name);
    const qb = b.queryParams.find((p) => p.name === name);
    if (!qa && qb) parameters.push({ name, change: 'added', to: qb.type, required: qb.required });
    else if (qa && !qb) parameters.push({ name, change: 'removed', from: qa.type });
    else if (qa && qb) {
      if (qa.type !== qb.type) parameters.push({ name, change: 'retyped', from: qa.type, to: qb.type });
      if (!qa.required && qb.required) parameters.push({ name, change: 'newly-required' });
      if (qa.required && !qb.required) parameters.push({ name, change: 'no-longer-required' });
    }
  }

  let requestBody: BodyChanges | null = null;
  if (a.body || b.body) {
    let body: BodyChanges['body'] = null;
    let contentType: string | undefined;
    let properties: SchemaChange[] = [];
    if (!a.body) body = 'added';
    else if (!b.body) body = 'removed';
    else {
      if (a.body.contentType !== b.body.contentType) {
        body = 'content-type-changed';
        contentType = `${a.body.contentType} → ${b.body.contentType}`;
      } else if (!a.body.required && b.body.required) body = 'newly-required';
      else if (a.body.required && !b.body.required) body = 'no-longer-required';
      properties = compareSchemas(from.document, a.body.schema, to.document, b.body.schema);
      const retype = retyped('(body)', typeSummary(from.document, a.body.schema), typeSummary(to.document, b.body.schema));
      if (retype) properties.unshift(retype);
    }
    if (body || properties.length) requestBody = contentType ? { body, contentType, properties } : { body, properties };
  }

  let response: ResponseChanges | null = null;
  if (a.response || b.response) {
    let summary: string | null = null;
    let properties: SchemaChange[] = [];
    if (!a.response) summary = `2xx response added (${b.response!.status})`;
    else if (!b.response) summary = `2xx response removed (was ${a.response.status})`;
    else {
      const parts: string[] = [];
      if (a.response.status !== b.response.status) parts.push(`status ${a.response.status} → ${b.response.status}`);
      if (a.response.contentType !== b.response.contentType) parts.push(`content ${a.response.contentType ?? 'none'} → ${b.response.contentType ?? 'none'}`);
      if (parts.length) summary = parts.join('; ');
      if (a.response.schema && b.response.schema) {
        properties = compareSchemas(from.document, a.response.schema, to.document, b.response.schema);
        const retype = retyped('(body)', typeSummary(from.document, a.response.schema), typeSummary(to.document, b.response.schema));
        if (retype) properties.unshift(retype);
      }
    }
    if (summary || properties.length) response = { response: summary, properties };
  }

  const bodyBreaks =
    requestBody !== null &&
    ((requestBody.body === 'added' && b.body!.required) ||
      requestBody.body === 'removed' ||
      requestBody.body === 'newly-required' ||
      requestBody.body === 'content-type-changed' ||
      requestBody.properties.some(isBreakingInput));
  const breaking =
    a.name !== b.name ||
    pathParameters.length > 0 ||
    parameters.some((p) => p.change === 'removed' || p.change === 'retyped' || p.change === 'newly-required' || (p.change === 'added' && p.required)) ||
    bodyBreaks;

  return {
    name: b.name,
    fromName: a.name !== b.name ? a.name : null,
    method: b.method,
    route: b.route,
    fromPath: a.path,
    path: b.path,
    pathParameters,
    parameters,
    requestBody,
    response,
    deprecated: a.deprecated === b.deprecated ? null : b.deprecated,
    breaking,
  };
}

/** An input change that can make existing params fail or mean something else. */
function isBreakingInput(c: SchemaChange): boolean {
  return c.change === 'removed' || c.change === 'retyped' || c.change === 'newly-required' || (c.change === 'added' && c.required === true);
}

function hasChanges(c: OperationChanges): boolean {
  return Boolean(c.fromName || c.pathParameters.length || c.parameters.length || c.requestBody || c.response || c.deprecated !== null);
}

// ---------------------------------------------------------------------------------------------
// v1 bindings
// ---------------------------------------------------------------------------------------------

/** What the diff needs of the v1 catalog (operations/index.ts): names, targets, availability. */
export interface V1CatalogEntry {
  name: string;
  targets: string[];
  legacy?: boolean;
  unavailableIn?: Record<string, string>;
}

export interface V1Catalog {
  operations: readonly V1CatalogEntry[];
  targets: Readonly<Record<string, Target>>;
}

export interface ResolvedTarget {
  name: string;
  method: HttpMethod;
  path: string;
}

export type TargetResolution =
  | { ok: true; operation: OperationModel }
  | { ok: false; reason: string };

/**
 * Resolves a catalog target in one version: the operation on the target's method + route whose
 * operationId is the canonical one or a known alias. Anything else is a broken binding.
 */
export function resolveTarget(model: SpecModel, target: Target): TargetResolution {
  const operation = model.byKey.get(`${target.method} ${target.route}`);
  const spellings = [target.operationId, ...(target.aliases ?? [])];
  if (operation) {
    if (spellings.includes(operation.name)) return { ok: true, operation };
    return {
      ok: false,
      reason: `${target.method} ${target.route} is "${operation.name}" in ${model.version}, not ${spellings.map((s) => `"${s}"`).join(' or ')}`,
    };
  }
  const elsewhere = model.operations.find((o) => o.operationId !== null && spellings.includes(o.operationId));
  return {
    ok: false,
    reason: elsewhere
      ? `${target.operationId} moved to ${elsewhere.method} ${elsewhere.path} in ${model.version} (bound to ${target.method} ${target.route})`
      : `no ${target.method} ${target.route} (${target.operationId}) in ${model.version}`,
  };
}

export interface V1CallChange {
  /** Canonical (2.10) operationId the catalog names. */
  target: string;
  from: ResolvedTarget | null;
  to: ResolvedTarget | null;
  /** Why the target does not resolve in the new version (broken binding). */
  broken: string | null;
  /** Human-readable changes under the binding: rename, path params, newly required inputs, … */
  changes: string[];
}

export interface V1BindingReport {
  name: string;
  status: 'unchanged' | 'changed' | 'broken' | 'unavailable';
  /** The catalog's reason when the operation is marked unavailable in the new version. */
  unavailable: string | null;
  calls: V1CallChange[];
}

function resolved(operation: OperationModel): ResolvedTarget {
  return { name: operation.name, method: operation.method, path: operation.path };
}

/** What changed under one binding's target, phrased for people. */
function bindingChanges(c: OperationChanges): string[] {
  const lines: string[] = [];
  if (c.fromName) lines.push(`target renamed ${c.fromName} → ${c.name}`);
  if (c.deprecated) lines.push('target deprecated');
  for (const p of c.pathParameters) {
    lines.push(
      p.change === 'renamed'
        ? `path parameter ${p.position + 1} renamed {${p.from}} → {${p.to}} (filled by position: no action)`
        : `path parameter ${p.position + 1} {${p.name}} retyped ${p.from} → ${p.to}`,
    );
  }
  for (const p of c.parameters) {
    if (p.change === 'newly-required' || (p.change === 'added' && p.required)) lines.push(`query parameter ${p.name} is now required`);
    else if (p.change === 'removed') lines.push(`query parameter ${p.name} removed`);
    else if (p.change === 'retyped') lines.push(`query parameter ${p.name} retyped ${p.from} → ${p.to}`);
  }
  if (c.requestBody) {
    if (c.requestBody.body === 'added' || c.requestBody.body === 'removed' || c.requestBody.body === 'newly-required' || c.requestBody.body === 'content-type-changed') {
      lines.push(`request body ${c.requestBody.body}${c.requestBody.contentType ? ` (${c.requestBody.contentType})` : ''}`);
    }
    const relevant = c.requestBody.properties.filter(isBreakingInput);
    for (const p of relevant) lines.push(`request body ${describeSchemaChange(p)}`);
  }
  if (c.response) {
    if (c.response.response) lines.push(`response: ${c.response.response}`);
    const relevant = c.response.properties.filter((p) => p.change === 'removed' || p.change === 'retyped');
    for (const p of relevant) lines.push(`response ${describeSchemaChange(p)}`);
  }
  return lines;
}

const nulls = (type: string) => type.match(/\|null\b/g)?.length ?? 0;

export function describeSchemaChange(c: SchemaChange): string {
  switch (c.change) {
    case 'added':
      return `\`${c.property}\` added (${c.to}${c.required ? ', required' : ''})`;
    case 'removed':
      return `\`${c.property}\` removed (was ${c.from})`;
    case 'retyped':
      return `\`${c.property}\` retyped ${c.from} → ${c.to}`;
    case 'nullability':
      return `\`${c.property}\` ${nulls(c.to!) > nulls(c.from!) ? 'may now be null' : 'no longer null'} (${c.from} → ${c.to})`;
    case 'newly-required':
      return `\`${c.property}\` now required`;
    default:
      return `\`${c.property}\` no longer required`;
  }
}

export function compareBindings(from: SpecModel, to: SpecModel, catalog: V1Catalog): V1BindingReport[] {
  const reports: V1BindingReport[] = [];
  for (const op of [...catalog.operations].sort((x, y) => x.name.localeCompare(y.name))) {
    const unavailable = op.unavailableIn?.[to.version] ?? null;
    const calls: V1CallChange[] = [];
    for (const targetId of op.targets) {
      const target = catalog.targets[targetId];
      if (!target) {
        calls.push({ target: targetId, from: null, to: null, broken: `"${targetId}" is not in operations/targets.ts`, changes: [] });
        continue;
      }
      const ra = resolveTarget(from, target);
      const rb = resolveTarget(to, target);
      const call: V1CallChange = {
        target: targetId,
        from: ra.ok ? resolved(ra.operation) : null,
        to: rb.ok ? resolved(rb.operation) : null,
        broken: rb.ok ? null : rb.reason,
        changes: [],
      };
      if (ra.ok && rb.ok) call.changes = bindingChanges(compareOperations(from, ra.operation, to, rb.operation));
      else if (!ra.ok && rb.ok) call.changes = [`target resolves again (${rb.operation.name}); in ${from.version}: ${ra.reason}`];
      calls.push(call);
    }
    const broken = calls.some((c) => c.broken !== null);
    const status: V1BindingReport['status'] = unavailable !== null ? 'unavailable' : broken ? 'broken' : calls.some((c) => c.changes.length) ? 'changed' : 'unchanged';
    reports.push({ name: op.name, status, unavailable, calls });
  }
  return reports;
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

export interface OperationRef {
  name: string;
  method: HttpMethod;
  path: string;
}

export interface DiffReport {
  from: string;
  to: string;
  summary: {
    operations: { from: number; to: number };
    added: number;
    removed: number;
    renamed: number;
    changed: number;
    breaking: number;
    /** Operations whose path template renamed at least one parameter (same URL, new names). */
    pathParametersRenamed: number;
    /** Operations with at least one path parameter retyped (integer ↔ string, …). */
    pathParametersRetyped: number;
    /**
     * Operations of `from` whose literal path key is gone in `to` (path parameters renamed, or the
     * operation removed): the figure the toolchain notes count as "path keys that change".
     */
    pathKeysChanged: number;
    v1: { unchanged: number; changed: number; broken: number; unavailable: number } | null;
  };
  added: OperationRef[];
  removed: OperationRef[];
  renamed: Array<{ method: HttpMethod; path: string; from: string; to: string }>;
  /** Every matched operation with at least one change (renames included), sorted by route. */
  changed: OperationChanges[];
  /** null when no catalog was given. */
  v1: V1BindingReport[] | null;
  /** False when a v1 binding no longer resolves (and the catalog does not mark it unavailable). */
  ok: boolean;
}

const byRoute = (x: { path: string; method: string }, y: { path: string; method: string }) =>
  routeOf(x.path).localeCompare(routeOf(y.path)) || x.path.localeCompare(y.path) || METHODS.indexOf(x.method as HttpMethod) - METHODS.indexOf(y.method as HttpMethod);

const ref = (o: OperationModel): OperationRef => ({ name: o.name, method: o.method, path: o.path });

export function diffModels(from: SpecModel, to: SpecModel, catalog?: V1Catalog | null): DiffReport {
  const added = to.operations.filter((o) => !from.byKey.has(o.key)).map(ref).sort(byRoute);
  const removed = from.operations.filter((o) => !to.byKey.has(o.key)).map(ref).sort(byRoute);
  const changed: OperationChanges[] = [];
  for (const a of from.operations) {
    const b = to.byKey.get(a.key);
    if (!b) continue;
    const c = compareOperations(from, a, to, b);
    if (hasChanges(c)) changed.push(c);
  }
  changed.sort(byRoute);
  const renamed = changed.filter((c) => c.fromName).map((c) => ({ method: c.method, path: c.path, from: c.fromName!, to: c.name }));
  const toPaths = new Set(to.operations.map((o) => `${o.method} ${o.path}`));
  const v1 = catalog ? compareBindings(from, to, catalog) : null;
  const count = (status: V1BindingReport['status']) => v1!.filter((r) => r.status === status).length;
  return {
    from: from.version,
    to: to.version,
    summary: {
      operations: { from: from.operations.length, to: to.operations.length },
      added: added.length,
      removed: removed.length,
      renamed: renamed.length,
      changed: changed.length,
      breaking: changed.filter((c) => c.breaking).length,
      pathParametersRenamed: changed.filter((c) => c.pathParameters.some((p) => p.change === 'renamed')).length,
      pathParametersRetyped: changed.filter((c) => c.pathParameters.some((p) => p.change === 'retyped')).length,
      pathKeysChanged: from.operations.filter((o) => !toPaths.has(`${o.method} ${o.path}`)).length,
      v1: v1 ? { unchanged: count('unchanged'), changed: count('changed'), broken: count('broken'), unavailable: count('unavailable') } : null,
    },
    added,
    removed,
    renamed,
    changed,
    v1,
    ok: !(v1 ?? []).some((r) => r.status === 'broken'),
  };
}

export interface DiffOptions extends Pick<LocateOptions, 'specDir' | 'cacheDir' | 'fetch'> {
  /**
   * The v1 catalog to check bindings against. Default: `operations/index.ts` (loaded on first use);
   * `null` leaves the v1 section out.
   */
  catalog?: V1Catalog | null;
  /** Already loaded specs by version (skips re-reading and re-parsing). */
  loaded?: Record<string, LoadedSpec>;
}

let defaultCatalog: Promise<V1Catalog> | undefined;

/** The project's v1 catalog. Imported lazily so the API-level diff works without it. */
export function loadCatalog(): Promise<V1Catalog> {
  defaultCatalog ??= import('../operations/index.js').then((m) => ({ operations: m.v1Operations, targets: m.targets }));
  return defaultCatalog;
}

export async function diffSpecs(from: LoadedSpec, to: LoadedSpec, catalog?: V1Catalog | null): Promise<DiffReport> {
  return diffModels(buildSpecModel(from.version, from.document), buildSpecModel(to.version, to.document), catalog);
}

export async function diffVersions(from: string, to: string, options: DiffOptions = {}): Promise<DiffReport> {
  const locate = { specDir: options.specDir, cacheDir: options.cacheDir, fetch: options.fetch };
  const [a, b] = await Promise.all([
    options.loaded?.[from] ?? loadSpec(from, locate),
    options.loaded?.[to] ?? loadSpec(to, locate),
  ]);
  const catalog = options.catalog === undefined ? await loadCatalog() : options.catalog;
  return diffSpecs(a, b, catalog);
}

// ---------------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------------

function code(text: string): string {
  return `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function operationLines(c: OperationChanges): string[] {
  const lines: string[] = [];
  if (c.fromName) lines.push(`operationId renamed ${code(c.fromName)} → ${code(c.name)}`);
  if (c.deprecated !== null) lines.push(c.deprecated ? '**deprecated**' : 'no longer deprecated');
  if (c.fromPath !== c.path) lines.push(`path ${code(c.fromPath)} → ${code(c.path)}`);
  for (const p of c.pathParameters) {
    if (p.change === 'retyped') lines.push(`path parameter ${code(`{${p.name}}`)} retyped ${p.from} → ${p.to}`);
  }
  for (const p of c.parameters) {
    if (p.change === 'added') lines.push(`query ${code(p.name)} added (${p.to}${p.required ? ', **required**' : ''})`);
    else if (p.change === 'removed') lines.push(`query ${code(p.name)} **removed**`);
    else if (p.change === 'retyped') lines.push(`query ${code(p.name)} retyped ${p.from} → ${p.to}`);
    else if (p.change === 'newly-required') lines.push(`query ${code(p.name)} **now required**`);
    else lines.push(`query ${code(p.name)} no longer required`);
  }
  if (c.requestBody) {
    if (c.requestBody.body) lines.push(`request body ${c.requestBody.body}${c.requestBody.contentType ? ` (${c.requestBody.contentType})` : ''}`);
    if (c.requestBody.properties.length) lines.push(`request body: ${summariseSchemaChanges(c.requestBody.properties)}`);
  }
  if (c.response) {
    if (c.response.response) lines.push(`response: ${c.response.response}`);
    if (c.response.properties.length) lines.push(`response: ${summariseSchemaChanges(c.response.properties)}`);
  }
  return lines;
}

/** At most a handful of property changes spelled out, the rest counted. */
export function summariseSchemaChanges(changes: SchemaChange[], limit = 6): string {
  const substantive = changes.filter((c) => c.change !== 'nullability');
  const shown = substantive.slice(0, limit).map(describeSchemaChange);
  const rest = substantive.length - shown.length;
  const nullability = changes.length - substantive.length;
  const parts = [...shown];
  if (rest > 0) parts.push(`and ${rest} more (see the JSON report)`);
  if (nullability > 0) parts.push(`${nullability} nullability change${nullability === 1 ? '' : 's'}`);
  return parts.join('; ');
}

export function renderDiffMarkdown(report: DiffReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`# Intercom API ${report.from} → ${report.to}`, '');
  if (s.v1) {
    out.push(
      report.ok
        ? `**v1 bindings: all resolve** (${s.v1.changed} changed, ${s.v1.unchanged} unchanged, ${s.v1.unavailable} marked unavailable).`
        : `**v1 bindings: ${s.v1.broken} BROKEN** — generation fails until each is fixed in \`operations/\` (see below).`,
      '',
    );
  }
  out.push(
    '| | count |',
    '|---|---|',
    `| operations | ${s.operations.from} → ${s.operations.to} |`,
    `| added | ${s.added} |`,
    `| removed | ${s.removed} |`,
    `| operationId renamed | ${s.renamed} |`,
    `| changed (any of the below) | ${s.changed} |`,
    `| changed in a way that can break existing params | ${s.breaking} |`,
    `| path parameters renamed (same URL) | ${s.pathParametersRenamed} |`,
    `| path parameters retyped | ${s.pathParametersRetyped} |`,
    `| path keys gone (renamed + removed) | ${s.pathKeysChanged} |`,
    '',
  );

  if (report.v1) {
    out.push('## v1 operations', '');
    const interesting = report.v1.filter((r) => r.status !== 'unchanged');
    if (!interesting.length) out.push(`No v1 binding changed (${report.v1.length} checked).`, '');
    for (const r of interesting) {
      const head =
        r.status === 'broken'
          ? `- **${r.name}: BROKEN**`
          : r.status === 'unavailable'
            ? `- ${code(r.name)}: unavailable in ${report.to} (${r.unavailable})`
            : `- ${code(r.name)}: binding changed`;
      out.push(head);
      for (const call of r.calls) {
        if (call.broken) out.push(`  - ${code(call.target)}: ${call.broken}`);
        for (const line of call.changes) out.push(`  - ${code(call.target)}: ${line}`);
      }
    }
    if (interesting.length) out.push('');
  }

  if (report.renamed.length) {
    out.push('## Operations renamed', '', '| method | path | from | to |', '|---|---|---|---|');
    for (const r of report.renamed) out.push(`| ${r.method} | ${code(r.path)} | ${code(r.from)} | ${code(r.to)} |`);
    out.push('');
  }
  if (report.added.length) {
    out.push('## Operations added', '', '| name | method | path |', '|---|---|---|');
    for (const r of report.added) out.push(`| ${code(r.name)} | ${r.method} | ${code(r.path)} |`);
    out.push('');
  }
  if (report.removed.length) {
    out.push('## Operations removed', '', '| name | method | path |', '|---|---|---|');
    for (const r of report.removed) out.push(`| ${code(r.name)} | ${r.method} | ${code(r.path)} |`);
    out.push('');
  }

  const renames = report.changed.filter((c) => c.pathParameters.some((p) => p.change === 'renamed'));
  if (renames.length) {
    out.push(
      '## Path parameters renamed',
      '',
      'Same URLs, new parameter names: callers of these API operations pass the new names; v1 operations fill path parameters by position and are not affected.',
      '',
      '| operation | method | from | to |',
      '|---|---|---|---|',
    );
    for (const c of renames) out.push(`| ${code(c.name)} | ${c.method} | ${code(c.fromPath)} | ${code(c.path)} |`);
    out.push('');
  }

  const other = report.changed.map((c) => [c, operationLines(c).filter((l) => !l.startsWith('path `'))] as const).filter(([, lines]) => lines.length);
  if (other.length) {
    out.push('## Other changes per operation', '');
    for (const [c, lines] of other) {
      out.push(`- ${code(c.name)} (${c.method} ${code(c.path)})${c.breaking ? ' — **may break existing params**' : ''}`);
      for (const line of lines) out.push(`  - ${cell(line)}`);
    }
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** JSON for CI: the report's own key order (fixed by construction), two-space indent. */
export function renderDiffJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
