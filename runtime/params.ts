/**
 * Params validation: clone (never touch the caller's object), coerce form scalars, reject unknown
 * names, then Ajv against the operation's paramsSchema.
 *
 * Validators are compiled the first time an operation is used and cached per registry. Measured
 * by bench/cold-start.ts (fresh processes, medians of 15, 2.10 registry of 165 operations, first
 * operation SearchContacts, quiet 2-core machine): lazy ≈ 110 ms to the first validated params
 * (≈ 45 ms of it loading Ajv), precompiled standalone code ≈ 25 ms, compiling all up front
 * ≈ 0.8 s (2–3× all of these on a busy machine). Lazy is kept: it works for any registry loaded
 * at run time (other spec versions, fixtures) with no 1.4 MiB generated module per version to
 * keep in step, and the ~90 ms difference is paid once per process.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv, type AjvCore } from './ajv.js';
import { coerceParams } from './coerce.js';
import { ConfigError, InvalidParamsError, type ParamIssue } from './errors.js';
import type { JsonSchema } from './registry-types.js';

export type Params = Record<string, unknown>;

/** Compiles and caches one validator per schema object; one instance per loaded registry. */
export class ValidatorCache {
  private ajv: AjvCore | undefined;
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction>();
  /** How many validators were compiled so far (tests check laziness). */
  compiledCount = 0;

  constructor(private readonly dialect?: string) {}

  get(schema: JsonSchema, operation: string): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      this.ajv ??= createAjv(this.dialect);
      try {
        validate = this.ajv.compile(schema) as ValidateFunction;
      } catch (error) {
        // A schema Ajv cannot compile is a generation bug: say which operation, never guess.
        throw new ConfigError(`${operation}: its paramsSchema does not compile (${(error as Error).message})`, { operation });
      }
      this.compiled.set(schema, validate);
      this.compiledCount++;
    }
    return validate;
  }
}

/** JSON data only: structuredClone would accept Dates/Maps and reject functions with a DOMException. */
export function copyParams(params: unknown, operation: string): Params {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new InvalidParamsError(`${operation}: params must be an object`, {
      operation,
      issues: [{ path: '', message: 'must be an object of parameters' }],
    });
  }
  try {
    return JSON.parse(JSON.stringify(params)) as Params;
  } catch (error) {
    throw new InvalidParamsError(`${operation}: params must be JSON data`, {
      operation,
      issues: [{ path: '', message: `must be JSON data (${(error as Error).message})` }],
    });
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function issueFromAjv(error: ErrorObject): ParamIssue {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') {
    return { path: `${error.instancePath}/${escapePointer(String(params.missingProperty))}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const where = `${error.instancePath}/${escapePointer(String(params.additionalProperty))}`;
    return { path: where, message: error.instancePath ? 'is not an allowed property' : 'is not a parameter of this operation' };
  }
  if (error.keyword === 'enum') {
    return { path: error.instancePath, message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

/** Unknown top-level names, checked directly so they are named even if the schema were open. */
function unknownParams(params: Params, schema: JsonSchema, allowedExtra: readonly string[]): ParamIssue[] {
  const properties = schema.properties;
  if (!properties || typeof properties !== 'object') return [];
  const known = Object.keys(properties);
  const issues: ParamIssue[] = [];
  for (const key of Object.keys(params)) {
    if (!Object.hasOwn(properties, key) && !allowedExtra.includes(key)) {
      issues.push({
        path: `/${escapePointer(key)}`,
        message: `is not a parameter of this operation (known: ${known.length ? known.join(', ') : 'none'})`,
      });
    }
  }
  return issues;
}

function dedupe(issues: ParamIssue[]): ParamIssue[] {
  const seen = new Set<string>();
  const out: ParamIssue[] = [];
  for (const issue of issues) {
    const key = `${issue.path}\u0000${issue.message}`;
    // The direct unknown-name check already named this parameter; Ajv's echo adds nothing.
    const alreadyNamed = out.some((o) => o.path === issue.path && o.message.startsWith('is not a parameter'));
    if (!seen.has(key) && !alreadyNamed) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}

export interface ValidateOptions {
  /** Names accepted besides the schema's own (the v1 `resultsPath` platform parameter). */
  allowedExtra?: readonly string[];
  /** Prefix for the message (a v1 binding's translated request names its target). */
  context?: string;
}

/** Coerces `params` in place and validates it; throws INVALID_PARAMS naming each offending parameter. */
export function validateParams(
  params: Params,
  schema: JsonSchema,
  cache: ValidatorCache,
  operation: string,
  options: ValidateOptions = {},
): Params {
  const coerced = coerceParams(params, schema);
  const issues = unknownParams(coerced, schema, options.allowedExtra ?? []);
  // Extras the schema itself does not declare are checked by the caller, not by Ajv.
  const declared = (schema.properties ?? {}) as Record<string, unknown>;
  const undeclaredExtra = (options.allowedExtra ?? []).filter((key) => !Object.hasOwn(declared, key));
  const forSchema = undeclaredExtra.length
    ? Object.fromEntries(Object.entries(coerced).filter(([key]) => !undeclaredExtra.includes(key)))
    : coerced;
  const validate = cache.get(schema, operation);
  if (!validate(forSchema)) issues.push(...(validate.errors ?? []).map(issueFromAjv));
  if (issues.length) {
    const unique = dedupe(issues);
    const listed = unique.map((i) => `${i.path || '(params)'} ${i.message}`).join('; ');
    throw new InvalidParamsError(`${operation}: invalid params${options.context ? ` ${options.context}` : ''}: ${listed}`, {
      operation,
      issues: unique,
    });
  }
  return coerced;
}
