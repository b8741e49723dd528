/**
 * Structural check of registry data (generated/registry.json): run by the generator before it
 * writes and by the runtime when it loads, so a hand-edited or truncated file fails loudly with
 * every problem listed, instead of surfacing later as an odd `run()` failure.
 */
import { ConfigError } from './errors.js';
import type { RegistryData } from './registry-types.js';

export const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const PAGINATION_STYLES = new Set(['cursor-query', 'cursor-body', 'page', 'scroll', 'next-url', 'next-cursor']);

const isNullableString = (v: unknown) => v === null || typeof v === 'string';

/** A pagination descriptor: rows, the next page's pointer, what is carried over, when paging ends. */
function isPagination(v: unknown): boolean {
  if (!isPlainObject(v) || !PAGINATION_STYLES.has(v.style as string) || !isString(v.rowsPath) || !isBoolean(v.repeatsPointer)) return false;
  const { next, carry, stop } = v;
  if (!isPlainObject(next) || !isString(next.from) || !['cursor', 'page-number', 'url'].includes(next.kind as string)) return false;
  if (next.kind === 'url' ? next.to !== null : !isString(next.to)) return false;
  if (!Array.isArray(carry) || !carry.every((c) => isPlainObject(c) && isString(c.from) && isString(c.to))) return false;
  return isPlainObject(stop) && isNullableString(stop.hasMorePath) && isNullableString(stop.totalPagesPath) && isBoolean(stop.emptyPageEnds);
}

type Problems = string[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** JSON-representable data only: no functions, undefined, NaN, class instances or cycles. */
function checkPlainData(value: unknown, where: string, problems: Problems, stack: unknown[] = []): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.push(`${where}: non-finite number`);
    return;
  }
  if (typeof value !== 'object') {
    problems.push(`${where}: ${typeof value} is not plain data`);
    return;
  }
  if (stack.includes(value)) {
    problems.push(`${where}: cycle`);
    return;
  }
  if (!Array.isArray(value) && !isPlainObject(value)) {
    problems.push(`${where}: ${value.constructor?.name ?? 'object'} instance is not plain data`);
    return;
  }
  stack.push(value);
  for (const [key, item] of Object.entries(value)) checkPlainData(item, `${where}/${key}`, problems, stack);
  stack.pop();
}

function expect(entry: Record<string, unknown>, where: string, problems: Problems, checks: Record<string, (v: unknown) => boolean>): void {
  for (const [field, ok] of Object.entries(checks)) {
    if (!ok(entry[field])) problems.push(`${where}: field "${field}" is missing or malformed`);
  }
}

const isString = (v: unknown) => typeof v === 'string';
const isBoolean = (v: unknown) => typeof v === 'boolean';
const isStringArray = (v: unknown) => Array.isArray(v) && v.every(isString);

function checkApiEntry(entry: Record<string, unknown>, where: string, problems: Problems): void {
  expect(entry, where, problems, {
    operationId: (v) => v === null || isString(v),
    method: (v) => typeof v === 'string' && METHODS.has(v),
    path: (v) => typeof v === 'string' && v.startsWith('/'),
    parameters: (v) =>
      Array.isArray(v) &&
      v.every(
        (p) =>
          isPlainObject(p) &&
          isString(p.name) &&
          (p.in === 'path' || p.in === 'query') &&
          isBoolean(p.required) &&
          isString(p.style) &&
          isBoolean(p.explode),
      ),
    body: (v) => v === null || (isPlainObject(v) && isBoolean(v.required) && isString(v.contentType)),
    pagination: (v) => v === null || isPagination(v),
    // Optional: registries generated before it existed answer JSON.
    responseContentType: (v) => v === undefined || v === null || (typeof v === 'string' && /^[\x21-\x7e]+$/.test(v)),
    deprecated: isBoolean,
    tags: isStringArray,
  });
}

function checkV1Entry(entry: Record<string, unknown>, where: string, problems: Problems): void {
  expect(entry, where, problems, {
    calls: isStringArray,
    resolvedCalls: (v) =>
      Array.isArray(v) &&
      v.every((c) => isPlainObject(c) && isString(c.target) && isString(c.name) && METHODS.has(c.method as string) && isString(c.path)),
    legacy: isBoolean,
    mapped: (v) => isPlainObject(v) && Object.values(v).every(isString),
    dropped: isStringArray,
    resultsPath: isBoolean,
    unavailable: (v) => v === null || isString(v),
  });
}

/** Returns the data typed as RegistryData, or throws a ConfigError listing every problem found. */
export function validateRegistryData(data: unknown, source = 'registry'): RegistryData {
  const problems: Problems = [];
  if (!isPlainObject(data)) throw new ConfigError(`${source}: not a JSON object`);
  if (typeof data.version !== 'string' || !data.version) problems.push(`${source}: "version" is missing`);
  if (!Array.isArray(data.operations)) throw new ConfigError(`${source}: "operations" is not an array`);
  const seen = new Set<string>();
  data.operations.forEach((entry: unknown, index: number) => {
    const at = `${source}: operations[${index}]`;
    if (!isPlainObject(entry)) {
      problems.push(`${at}: not an object`);
      return;
    }
    const name = entry.name;
    const where = typeof name === 'string' ? `${at} (${name})` : at;
    if (typeof name !== 'string' || !OPERATION_NAME.test(name)) problems.push(`${where}: invalid name ${JSON.stringify(name)}`);
    else if (seen.has(name)) problems.push(`${where}: duplicate name "${name}"`);
    else seen.add(name);
    checkPlainData(entry, where, problems);
    expect(entry, where, problems, {
      summary: isString,
      readOnly: isBoolean,
      paramsSchema: (v) => isPlainObject(v) && v.type === 'object',
    });
    if (entry.kind === 'api') checkApiEntry(entry, where, problems);
    else if (entry.kind === 'v1') checkV1Entry(entry, where, problems);
    else problems.push(`${where}: kind must be "api" or "v1", got ${JSON.stringify(entry.kind)}`);
  });
  if (problems.length) {
    const shown = problems.slice(0, 20).join('\n  ');
    const more = problems.length > 20 ? `\n  … and ${problems.length - 20} more` : '';
    throw new ConfigError(`${source} is malformed (${problems.length} problem(s)):\n  ${shown}${more}`);
  }
  return data as unknown as RegistryData;
}
