/**
 * What changed between two Intercom spec versions that matters to callers and to the v1 bindings:
 * a comparison of two spec models (spec/model.ts), the same models `generate` builds the registry
 * from, so a fix or a model rule changes the registry and this report alike.
 *
 * Operations are matched across versions by what never changes: HTTP method + route shape (the
 * model's `key`). A different operationId on the same route is a RENAME, never an add plus a
 * remove. Per matched operation the report lists path parameters renamed (by position) or retyped,
 * query parameters added / removed / retyped / newly required, and request-body and 2xx-response
 * schema changes (generator/diff-schemas.ts). Then, for every v1 operation, whether the 2.x
 * operations it calls still resolve (generator/v1-targets.ts, the resolver `generate` uses) and
 * what changed under them. The JSON form has a fixed key order and sorted lists, so CI can diff
 * it; generator/diff-render.ts writes both forms.
 */
import { HTTP_METHODS, type HttpMethod } from '../runtime/http-methods.js';
import { loadSpec, type LoadedSpec } from '../spec/load.js';
import type { LocateOptions } from '../spec/locate.js';
import type { SpecModel, SpecOperation } from '../spec/model.js';
import { compareBodies, describeSchemaChange, isBreakingInput, parameterType, type SchemaChange } from './diff-schemas.js';
import { resolveTarget, type V1Catalog } from './v1-targets.js';

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

function pathParameterChanges(from: SpecModel, a: SpecOperation, to: SpecModel, b: SpecOperation): PathParameterChange[] {
  const changes: PathParameterChange[] = [];
  a.pathParameters.forEach((pa, position) => {
    const pb = b.pathParameters[position];
    if (!pb) return;
    const [ta, tb] = [parameterType(from.document, pa), parameterType(to.document, pb)];
    if (pa.name !== pb.name) changes.push({ position, change: 'renamed', from: pa.name, to: pb.name });
    if (ta !== tb) changes.push({ position, change: 'retyped', from: ta, to: tb, name: pb.name });
  });
  return changes;
}

function queryParameterChanges(from: SpecModel, a: SpecOperation, to: SpecModel, b: SpecOperation): ParameterChange[] {
  const changes: ParameterChange[] = [];
  const names = [...new Set([...a.queryParameters, ...b.queryParameters].map((p) => String(p.name)))].sort();
  for (const name of names) {
    const qa = a.queryParameters.find((p) => p.name === name);
    const qb = b.queryParameters.find((p) => p.name === name);
    const [ta, tb] = [qa && parameterType(from.document, qa), qb && parameterType(to.document, qb)];
    if (!qa) changes.push({ name, change: 'added', to: tb, required: qb!.required === true });
    else if (!qb) changes.push({ name, change: 'removed', from: ta });
    else {
      if (ta !== tb) changes.push({ name, change: 'retyped', from: ta, to: tb });
      if (qa.required !== true && qb.required === true) changes.push({ name, change: 'newly-required' });
      if (qa.required === true && qb.required !== true) changes.push({ name, change: 'no-longer-required' });
    }
  }
  return changes;
}

function requestBodyChanges(from: SpecModel, a: SpecOperation, to: SpecModel, b: SpecOperation): BodyChanges | null {
  const [ba, bb] = [a.requestBody, b.requestBody];
  if (!ba && !bb) return null;
  if (!ba) return { body: 'added', properties: [] };
  if (!bb) return { body: 'removed', properties: [] };
  const properties = compareBodies(from.document, ba.schema, to.document, bb.schema);
  if (ba.contentType !== bb.contentType) return { body: 'content-type-changed', contentType: `${ba.contentType} → ${bb.contentType}`, properties };
  const body = !ba.required && bb.required ? 'newly-required' : ba.required && !bb.required ? 'no-longer-required' : null;
  return body || properties.length ? { body, properties } : null;
}

function responseChanges(from: SpecModel, a: SpecOperation, to: SpecModel, b: SpecOperation): ResponseChanges | null {
  const [ra, rb] = [a.response, b.response];
  if (!ra && !rb) return null;
  if (!ra) return { response: `2xx response added (${rb!.status})`, properties: [] };
  if (!rb) return { response: `2xx response removed (was ${ra.status})`, properties: [] };
  const parts: string[] = [];
  if (ra.status !== rb.status) parts.push(`status ${ra.status} → ${rb.status}`);
  if (ra.contentType !== rb.contentType) parts.push(`content ${ra.contentType ?? 'none'} → ${rb.contentType ?? 'none'}`);
  const properties = ra.schema && rb.schema ? compareBodies(from.document, ra.schema, to.document, rb.schema) : [];
  const response = parts.length ? parts.join('; ') : null;
  return response || properties.length ? { response, properties } : null;
}

export function compareOperations(from: SpecModel, a: SpecOperation, to: SpecModel, b: SpecOperation): OperationChanges {
  const pathParameters = pathParameterChanges(from, a, to, b);
  const parameters = queryParameterChanges(from, a, to, b);
  const requestBody = requestBodyChanges(from, a, to, b);
  const bodyBreaks =
    requestBody !== null &&
    ((requestBody.body === 'added' && b.requestBody!.required) ||
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
    response: responseChanges(from, a, to, b),
    deprecated: a.deprecated === b.deprecated ? null : b.deprecated,
    breaking,
  };
}

function hasChanges(c: OperationChanges): boolean {
  return Boolean(c.fromName || c.pathParameters.length || c.parameters.length || c.requestBody || c.response || c.deprecated !== null);
}

// ---------------------------------------------------------------------------------------------
// v1 bindings
// ---------------------------------------------------------------------------------------------

export interface ResolvedTarget {
  name: string;
  method: HttpMethod;
  path: string;
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
    const { body, contentType, properties } = c.requestBody;
    if (body === 'added' || body === 'removed' || body === 'newly-required' || body === 'content-type-changed') {
      lines.push(`request body ${body}${contentType ? ` (${contentType})` : ''}`);
    }
    for (const p of properties.filter(isBreakingInput)) lines.push(`request body ${describeSchemaChange(p)}`);
  }
  if (c.response) {
    if (c.response.response) lines.push(`response: ${c.response.response}`);
    for (const p of c.response.properties.filter((p) => p.change === 'removed' || p.change === 'retyped')) lines.push(`response ${describeSchemaChange(p)}`);
  }
  return lines;
}

const resolved = ({ name, method, path }: SpecOperation): ResolvedTarget => ({ name, method, path });

export function compareBindings(from: SpecModel, to: SpecModel, catalog: V1Catalog): V1BindingReport[] {
  const reports: V1BindingReport[] = [];
  for (const op of [...catalog.operations].sort((x, y) => x.name.localeCompare(y.name))) {
    const unavailable = op.unavailableIn?.[to.version] ?? null;
    const calls = op.targets.map((id): V1CallChange => {
      const ra = resolveTarget(id, catalog.targets, from.operations, from.version);
      const rb = resolveTarget(id, catalog.targets, to.operations, to.version);
      const call: V1CallChange = {
        target: id,
        from: ra.ok ? resolved(ra.operation) : null,
        to: rb.ok ? resolved(rb.operation) : null,
        broken: rb.ok ? null : rb.reason,
        changes: [],
      };
      if (ra.ok && rb.ok) call.changes = bindingChanges(compareOperations(from, ra.operation, to, rb.operation));
      else if (!ra.ok && rb.ok) call.changes = [`target resolves again (${rb.operation.name}); in ${from.version}: ${ra.reason}`];
      return call;
    });
    const status: V1BindingReport['status'] =
      unavailable !== null ? 'unavailable' : calls.some((c) => c.broken !== null) ? 'broken' : calls.some((c) => c.changes.length) ? 'changed' : 'unchanged';
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
    /** Operations of `from` whose literal `METHOD path` is gone in `to` (path parameters renamed, or the operation removed). */
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

const byRoute = (x: { route: string; path: string; method: HttpMethod }, y: { route: string; path: string; method: HttpMethod }) =>
  x.route.localeCompare(y.route) || x.path.localeCompare(y.path) || HTTP_METHODS.indexOf(x.method) - HTTP_METHODS.indexOf(y.method);

const ref = ({ name, method, path }: SpecOperation): OperationRef => ({ name, method, path });

export function diffModels(from: SpecModel, to: SpecModel, catalog?: V1Catalog | null): DiffReport {
  const added = to.operations.filter((o) => !from.byKey.has(o.key)).sort(byRoute).map(ref);
  const removed = from.operations.filter((o) => !to.byKey.has(o.key)).sort(byRoute).map(ref);
  const changed: OperationChanges[] = [];
  for (const a of from.operations) {
    const b = to.byKey.get(a.key);
    const c = b && compareOperations(from, a, to, b);
    if (c && hasChanges(c)) changed.push(c);
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
  /** The v1 catalog to check bindings against. Default: operations/index.ts; `null` leaves the v1 section out. */
  catalog?: V1Catalog | null;
  /** Already loaded specs by version (skips re-reading and re-parsing). */
  loaded?: Record<string, LoadedSpec>;
}

export async function diffVersions(from: string, to: string, options: DiffOptions = {}): Promise<DiffReport> {
  const locate = { specDir: options.specDir, cacheDir: options.cacheDir, fetch: options.fetch };
  const [a, b] = await Promise.all([options.loaded?.[from] ?? loadSpec(from, locate), options.loaded?.[to] ?? loadSpec(to, locate)]);
  // Loaded here, not at import: the API-level diff (`catalog: null`) needs nothing of operations/.
  const catalog = options.catalog === undefined ? (await import('./v1-catalog.js')).DEFAULT_V1_CATALOG : options.catalog;
  return diffModels(a.model, b.model, catalog);
}
