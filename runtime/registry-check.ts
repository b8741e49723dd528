/**
 * The check of registry data against its one JSON Schema (registry-schema.ts), plus what a schema
 * cannot say: names unique, and every 2.x operation a v1 entry calls present in the same
 * registry. Run by the generator before it writes a version's registry module, and by the runtime
 * when it loads registry data that is not a generated module's (a fixture, a registry given to
 * createRunner), so broken data fails loudly with every problem listed instead of surfacing later
 * as an odd `run()` failure.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { ConfigError } from './errors.js';
import { REGISTRY_SCHEMA } from './registry-schema.js';
import type { RegistryData } from './registry-types.js';

/** Problems listed in one error; the count says how many more there are. */
const SHOWN_PROBLEMS = 20;

let validator: ValidateFunction | undefined;

function registryValidator(): ValidateFunction {
  if (!validator) {
    // validateSchema off: the schema is a constant of this package, checked against the
    // draft-07 meta-schema by its test, so the ~20 ms meta-schema compile is not paid at load.
    const ajv = createAjv(undefined, { discriminator: true, validateSchema: false });
    // Names the TypeScript type of a node for the generated registry-types.ts; no assertion.
    ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
    validator = ajv.compile(REGISTRY_SCHEMA) as ValidateFunction;
  }
  return validator;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * JSON-representable data only: no functions, undefined, NaN, class instances or cycles (the
 * generator checks what it built before JSON.stringify would silently drop or change them).
 */
function checkPlainData(value: unknown, where: string, problems: string[], stack: unknown[] = []): void {
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

/** Where an entry is, for people: `operations[3] (listTags)`. */
function entryLabel(source: string, data: Record<string, unknown>, index: number): string {
  const entry = (data.operations as unknown[])[index];
  const name = isPlainObject(entry) ? entry.name : undefined;
  return `${source}: operations[${index}]${typeof name === 'string' ? ` (${name})` : ''}`;
}

/** One Ajv error as a problem line naming the entry and its field. */
function describeError(error: ErrorObject, source: string, data: Record<string, unknown>): string | null {
  const [, top, index, field, ...rest] = error.instancePath.split('/');
  const params = error.params as Record<string, unknown>;
  if (top === undefined) {
    if (error.keyword === 'required' && params.missingProperty === 'operations') return `${source}: "operations" is not an array (missing)`;
    if (error.keyword === 'required') return `${source}: "${String(params.missingProperty)}" is missing`;
    if (error.keyword === 'additionalProperties') return `${source}: unknown field "${String(params.additionalProperty)}"`;
    return `${source}: not a JSON object`;
  }
  if (top === 'version') return `${source}: "version" is missing`;
  if (index === undefined) return `${source}: "operations" is not an array`;
  const where = entryLabel(source, data, Number(index));
  if (field === undefined) {
    if (error.keyword === 'discriminator' || (error.keyword === 'required' && params.missingProperty === 'kind')) {
      const entry = (data.operations as unknown[])[Number(index)] as Record<string, unknown> | undefined;
      return `${where}: kind must be "api" or "v1", got ${JSON.stringify(entry?.kind)}`;
    }
    if (error.keyword === 'required') return `${where}: field "${String(params.missingProperty)}" is missing or malformed`;
    if (error.keyword === 'additionalProperties') return `${where}: unknown field "${String(params.additionalProperty)}"`;
    if (error.keyword === 'oneOf') return null; // the branch's own errors say what is wrong
    return `${where}: ${error.message ?? error.keyword}`;
  }
  if (field === 'name' && error.keyword === 'pattern') {
    const entry = (data.operations as unknown[])[Number(index)] as Record<string, unknown>;
    return `${where}: invalid name ${JSON.stringify(entry.name)}`;
  }
  const inner = rest.length ? `/${rest.join('/')} ` : '';
  return `${where}: field "${field}" is missing or malformed (${inner}${error.message ?? error.keyword})`;
}

/** Names unique; every call of a v1 entry is an API entry of this registry. */
function crossEntryProblems(data: RegistryData, source: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const api = new Set(data.operations.filter((e) => e.kind === 'api').map((e) => e.name));
  data.operations.forEach((entry, index) => {
    const where = `${source}: operations[${index}] (${entry.name})`;
    if (seen.has(entry.name)) problems.push(`${where}: duplicate name "${entry.name}"`);
    seen.add(entry.name);
    if (entry.kind !== 'v1') return;
    const names = new Set([...entry.calls, ...entry.resolvedCalls.map((call) => call.name)]);
    for (const name of names) if (!api.has(name)) problems.push(`${where}: calls ${name}, which is not an API operation of this registry`);
  });
  return problems;
}

/** Returns the data typed as RegistryData, or throws a ConfigError listing every problem found. */
export function validateRegistryData(data: unknown, source = 'registry'): RegistryData {
  if (!isPlainObject(data)) throw new ConfigError(`${source}: not a JSON object`);
  const problems: string[] = [];
  checkPlainData(data, source, problems);
  const validate = registryValidator();
  if (!problems.length && !validate(data)) {
    for (const error of validate.errors ?? []) {
      const line = describeError(error, source, data);
      if (line && !problems.includes(line)) problems.push(line);
    }
  }
  if (!problems.length) problems.push(...crossEntryProblems(data as unknown as RegistryData, source));
  if (problems.length) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).join('\n  ');
    const more = problems.length > SHOWN_PROBLEMS ? `\n  … and ${problems.length - SHOWN_PROBLEMS} more` : '';
    throw new ConfigError(`${source} is malformed (${problems.length} problem(s)):\n  ${shown}${more}`);
  }
  return data as unknown as RegistryData;
}
