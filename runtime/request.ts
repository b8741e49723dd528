/**
 * Turning validated params into the request that goes on the wire: path template, query string
 * (each parameter's OpenAPI style/explode), headers and JSON body. No I/O here, so a dry run
 * builds exactly what a real call would send.
 *
 * Path safety (after openai-node's `internal/utils/path.ts`): every path value is
 * `encodeURIComponent`-encoded, so `/`, `?`, `#` and `%` stay inside their segment; values that a
 * URL parser would still resolve or collapse (`.`, `..`, the empty string) are rejected; and the
 * built URL is parsed back and must keep the path we built. No parameter value can change which
 * endpoint is called.
 */
import { InvalidParamsError } from './errors.js';
import { PACKAGE_VERSION } from './package-version.js';
import type { ResolvedOptions } from './options.js';
import { MASKED_AUTHORIZATION } from './redact.js';
import type { ApiOperationEntry, HttpMethod, WireParameter } from './registry-types.js';

export interface WireRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** JSON text, absent when the request has no body. */
  body?: string;
}

/** A request as a dry-run plan shows it: Authorization masked, body as data. */
export interface PlannedRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export const USER_AGENT = `intercom-ops/${PACKAGE_VERSION}`;

function pathIssue(operation: string, name: string, message: string): InvalidParamsError {
  const path = `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  return new InvalidParamsError(`${operation}: invalid params: ${path} ${message}`, { operation, issues: [{ path, message }] });
}

/**
 * What makes `value` unfit for a path segment, or null when it may fill one. One rule set for
 * every path value: requests being built and v1 params checked before anything is sent.
 */
export function pathValueProblem(value: unknown): string | null {
  if (value === undefined || value === null) return 'is required (path parameter)';
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    return 'must be a string or a number (path parameter)';
  }
  const text = String(value);
  // An empty segment turns `/contacts/{id}` into `/contacts/` (another endpoint).
  if (text === '') return 'must not be empty (path parameter)';
  // `.` and `..` survive encodeURIComponent and URL parsers resolve them: `/admins/..` is `/`.
  if (text === '.' || text === '..') return 'must not be "." or ".." (path parameter)';
  // Lone UTF-16 surrogates (in a `u` pattern, paired ones are one code point) cannot be encoded.
  if (/\p{Cs}/u.test(text)) return 'is not valid Unicode text';
  return null;
}

/** One path segment's value, encoded; throws INVALID_PARAMS for values that could move the request. */
export function encodePathValue(operation: string, name: string, value: unknown): string {
  const problem = pathValueProblem(value);
  if (problem) throw pathIssue(operation, name, problem);
  return encodeURIComponent(String(value));
}

/**
 * `checked`: parse the built URL back (defence in depth): it must keep exactly the path we built
 * (no normalisation moved it). Needed where values were put into the path; a registry's literal
 * path (no parameters) cannot move.
 */
function joinUrl(options: ResolvedOptions, path: string, query: string, operation: string, checked = true): string {
  const url = `${options.baseUrl}${path}${query ? `?${query}` : ''}`;
  if (checked && new URL(url).pathname !== `${options.basePath}${path}`) {
    throw new InvalidParamsError(`${operation}: invalid params: a path value would change the endpoint`, {
      operation,
      issues: [{ path: '', message: 'a path parameter value would change which endpoint is called' }],
    });
  }
  return url;
}

/** A path template split once: literal parts around the parameter names (`/admins/`, `id`, `/away`). */
interface SplitTemplate {
  literals: string[];
  names: string[];
  /**
   * Every parameter fills a whole segment (`/admins/{id}/away`): its encoded value then holds only
   * characters a URL parser keeps as they are, and cannot be `.`, `..` or empty (refused), so the
   * built path cannot move and needs no parsing back.
   */
  wholeSegments: boolean;
}

const templates = new Map<string, SplitTemplate>();
const MAX_TEMPLATES = 4_096;

function splitTemplate(template: string): SplitTemplate {
  let split = templates.get(template);
  if (!split) {
    const parts = template.split(/\{([^}]+)\}/);
    const literals = parts.filter((_, i) => i % 2 === 0);
    const wholeSegments = literals.every(
      (literal, i) => (i === 0 || literal === '' || literal.startsWith('/')) && (i === literals.length - 1 || literal.endsWith('/')),
    );
    split = { literals, names: parts.filter((_, i) => i % 2 === 1), wholeSegments };
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(template, split);
  }
  return split;
}

/** `/admins/{id}/away` (split) with `{ id: 1 }` → `/admins/1/away`. */
function expandPath(operation: string, { literals, names }: SplitTemplate, values: Record<string, unknown>): string {
  let path = literals[0];
  for (let i = 0; i < names.length; i++) path += encodePathValue(operation, names[i], values[names[i]]) + literals[i + 1];
  return path;
}

/**
 * `/visitors/{}` with `['abc']` → `/visitors/abc` (legacy routes fill slots by position). `names`
 * are the caller's parameter names of the values, by position: a bad value is reported as `/id`,
 * not as the route's internal `/path[0]`.
 */
export function expandRoute(operation: string, route: string, values: ReadonlyArray<unknown>, names: ReadonlyArray<string> = []): string {
  let index = 0;
  const path = route.replace(/\{\}/g, () => {
    const position = index++;
    return encodePathValue(operation, names[position] ?? `path[${position}]`, values[position]);
  });
  if (index !== values.length) {
    throw new InvalidParamsError(`${operation}: ${route} takes ${index} path value(s), got ${values.length}`, {
      operation,
      issues: [{ path: '', message: `${route} takes ${index} path value(s), got ${values.length}` }],
    });
  }
  return path;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // Nested structures have no OpenAPI form encoding; JSON is the least surprising text.
  return JSON.stringify(value);
}

const enc = encodeURIComponent;

/** One query parameter in its OpenAPI style (form by default; deepObject; space/pipe delimited). */
export function serializeQueryParameter(parameter: WireParameter, value: unknown): string[] {
  const { name, style, explode } = parameter;
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined && v !== null).map(scalarText);
    if (explode || style === 'deepObject') return items.map((item) => `${enc(name)}=${enc(item)}`);
    const separator = style === 'spaceDelimited' ? '%20' : style === 'pipeDelimited' ? '|' : ',';
    return [`${enc(name)}=${items.map(enc).join(separator)}`];
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    if (style === 'deepObject') return entries.map(([k, v]) => `${enc(`${name}[${k}]`)}=${enc(scalarText(v))}`);
    // form + explode: the object's properties become parameters of their own (lisDataEvents'
    // filter → `user_id=…`); form without explode: `name=k1,v1,k2,v2`.
    if (explode) return entries.map(([k, v]) => `${enc(k)}=${enc(scalarText(v))}`);
    return [`${enc(name)}=${entries.flatMap(([k, v]) => [enc(k), enc(scalarText(v))]).join(',')}`];
  }
  return [`${enc(name)}=${enc(scalarText(value))}`];
}

export function serializeQuery(parameters: readonly WireParameter[], values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const parameter of parameters) {
    if (parameter.in !== 'query' || !Object.hasOwn(values, parameter.name)) continue;
    parts.push(...serializeQueryParameter(parameter, values[parameter.name]));
  }
  return parts.join('&');
}

/** What every request accepts unless its operation answers another media type. */
export const JSON_MEDIA_TYPE = 'application/json';

export function buildHeaders(options: ResolvedOptions, hasBody: boolean, accept: string = JSON_MEDIA_TYPE): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: accept,
    'Intercom-Version': options.version,
    'User-Agent': USER_AGENT,
  };
  if (hasBody) headers['Content-Type'] = 'application/json';
  // In a dry run the token may be absent: the plan shows the header the real call would carry.
  if (options.token || options.dryRun) headers.Authorization = options.dryRun ? MASKED_AUTHORIZATION : `Bearer ${options.token}`;
  return headers;
}

/** The one request of an API operation, from validated params. */
export function buildApiRequest(entry: ApiOperationEntry, params: Record<string, unknown>, options: ResolvedOptions): WireRequest {
  const template = entry.path.includes('{') ? splitTemplate(entry.path) : undefined;
  const path = template ? expandPath(entry.name, template, params) : entry.path;
  const query = serializeQuery(entry.parameters, params);
  const hasBody = entry.body !== null && params.$body !== undefined;
  const request: WireRequest = {
    method: entry.method,
    // A literal path, or one whose values fill whole segments, cannot move (see SplitTemplate).
    url: joinUrl(options, path, query, entry.name, template !== undefined && !template.wholeSegments),
    // An operation that answers another media type (a gzipped export) asks for it: Intercom
    // refuses those downloads without `Accept: application/octet-stream`.
    headers: buildHeaders(options, hasBody, entry.responseContentType ?? JSON_MEDIA_TYPE),
  };
  if (hasBody) request.body = JSON.stringify(params.$body);
  return request;
}

/** A request to a route outside the registry (legacy v1 endpoints, next-page URLs). */
export function buildRouteRequest(
  operation: string,
  method: HttpMethod,
  path: string,
  query: string,
  options: ResolvedOptions,
  body?: unknown,
): WireRequest {
  return {
    method,
    url: joinUrl(options, path, query, operation),
    headers: buildHeaders(options, body !== undefined),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  };
}

export function toPlanned(request: WireRequest): PlannedRequest {
  const headers = { ...request.headers };
  if (headers.Authorization) headers.Authorization = MASKED_AUTHORIZATION;
  return {
    method: request.method,
    url: request.url,
    headers,
    body: request.body === undefined ? null : JSON.parse(request.body),
  };
}
