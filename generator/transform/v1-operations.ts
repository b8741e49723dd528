/**
 * The v1 operation catalog (operations/) → `V1OperationEntry`s, its targets resolved against the
 * API entries of the spec being generated (generator/v1-targets.ts: the rule `diff` applies too).
 * A target that does not resolve fails generation, naming the v1 operation and the reason, unless
 * the catalog marks the operation unavailable in this version. A catalog `example` is carried as
 * the paramsSchema's `examples` annotation, and fails generation (naming the operation) when the
 * paramsSchema rejects it.
 */
import type { JsonSchema, ResolvedCall, V1OperationEntry } from '../../runtime/registry-types.js';
import type { Target, V1OperationInput, V1Param } from '../../operations/types.js';
import { createAjv, type AjvCore } from '../../runtime/ajv.js';
import { resolveTarget, type RoutedOperation } from '../v1-targets.js';
import { v1AnswerSchemas, type TargetSchemas } from './v1-answer.js';

export class V1ResolutionError extends Error {
  constructor(
    readonly operation: string,
    readonly target: string,
    readonly reason: string,
  ) {
    super(`v1 operation "${operation}": target ${target}: ${reason}`);
    this.name = 'V1ResolutionError';
  }
}

function paramSchema(param: V1Param): JsonSchema {
  const schema: JsonSchema = { type: param.type };
  if (param.description) schema.description = param.description;
  if (param.enum?.length) schema.enum = [...param.enum];
  return schema;
}

const RESULTS_PATH_SCHEMA: JsonSchema = {
  type: 'string',
  description:
    'Platform parameter, never sent to Intercom: a dot path into each page of the response. When given, ' +
    'the rows found at that path on every page are returned, concatenated, up to options.maxItems.',
};

/** The flat params schema of a v1 operation: catalog params, `$body`, and `resultsPath` on list operations. */
export function v1ParamsSchema(operation: V1OperationInput): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const param of operation.params) {
    if (param.name in properties) throw new Error(`v1 operation "${operation.name}": parameter ${param.name} listed twice`);
    properties[param.name] = paramSchema(param);
    if (param.required) required.push(param.name);
  }
  if (operation.body) {
    properties.$body = structuredClone(operation.body);
    if (operation.bodyRequired) required.push('$body');
  }
  if (operation.resultsPath) {
    if ('resultsPath' in properties) throw new Error(`v1 operation "${operation.name}": a parameter is named resultsPath`);
    properties.resultsPath = { ...RESULTS_PATH_SCHEMA };
  }
  const schema: JsonSchema = { type: 'object', properties };
  if (required.length) schema.required = required;
  schema.additionalProperties = false;
  return schema;
}

/** A catalog example that its own paramsSchema rejects: generation fails, naming the operation. */
export class V1ExampleError extends Error {
  constructor(
    readonly operation: string,
    readonly issues: string[],
  ) {
    super(`v1 operation "${operation}": its example does not validate against its paramsSchema (${issues.join('; ')})`);
    this.name = 'V1ExampleError';
  }
}

let exampleAjv: AjvCore | undefined;

/**
 * Checks an example against the paramsSchema with the runtime's Ajv configuration (no coercion:
 * the example must be valid as written) and returns the schema carrying it as `examples`.
 */
export function withExample(operation: string, schema: JsonSchema, example: Record<string, unknown>): JsonSchema {
  const out: JsonSchema = { ...schema, examples: [structuredClone(example)] };
  exampleAjv ??= createAjv();
  const validate = exampleAjv.compile(out);
  if (!validate(example)) {
    const issues = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
    throw new V1ExampleError(operation, issues.length ? issues : ['rejected']);
  }
  return out;
}

export interface V1TransformInput {
  version: string;
  operations: readonly V1OperationInput[];
  targets: Readonly<Record<string, Target>>;
  /** The API operations of this version (registry entries carry the result schemas v1 answers are made of). */
  api: readonly (RoutedOperation & TargetSchemas)[];
}

export function transformV1Operation(operation: V1OperationInput, input: Omit<V1TransformInput, 'operations'>): V1OperationEntry {
  const unavailable = operation.unavailableIn?.[input.version] ?? null;
  const resolvedCalls: ResolvedCall[] = [];
  for (const id of operation.targets) {
    const resolution = resolveTarget(id, input.targets, input.api, input.version);
    if (!resolution.ok) {
      // Marked unavailable in this version: keep what resolves; the catalog says why the rest cannot.
      if (unavailable !== null) continue;
      throw new V1ResolutionError(operation.name, id, resolution.reason);
    }
    const { name, method, path } = resolution.operation;
    if (!resolvedCalls.some((c) => c.name === name)) resolvedCalls.push({ target: resolution.target.operationId, name, method, path });
  }
  const paramsSchema = operation.example ? withExample(operation.name, v1ParamsSchema(operation), operation.example) : v1ParamsSchema(operation);
  const { resultSchema, rowSchema } = v1AnswerSchemas(operation, (target) => {
    if (!input.targets[target]) throw new V1ResolutionError(operation.name, target, 'its answer names a target that is not in the catalog of targets');
    const resolution = resolveTarget(target, input.targets, input.api, input.version);
    return resolution.ok ? resolution.operation : undefined;
  });
  return {
    kind: 'v1',
    name: operation.name,
    summary: operation.summary,
    readOnly: operation.readOnly,
    calls: resolvedCalls.map((c) => c.name),
    resolvedCalls,
    legacy: operation.legacy === true,
    mapped: { ...(operation.mapped ?? {}) },
    dropped: [...(operation.dropped ?? [])],
    resultsPath: operation.resultsPath !== undefined,
    unavailable,
    paramsSchema,
    resultSchema,
    rowSchema,
  };
}

export function transformV1Operations(input: V1TransformInput): V1OperationEntry[] {
  return input.operations.map((operation) => transformV1Operation(operation, input));
}
