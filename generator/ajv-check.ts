/**
 * The gate every paramsSchema, resultSchema and rowSchema passes before anything is written: it must compile with the
 * runtime's Ajv (runtime/ajv.ts: draft-07 with `$defs`, fully strict, ajv-formats and nothing else
 * registered), so no unknown keyword or format can ship. Strict includes `strictTypes` and
 * `strictRequired` (and no union types): consumers compile the schemas as they are, often with
 * Ajv's strict defaults, so a schema that only compiles with a switch turned off is a generation
 * bug (generator/transform/schema.ts normalizeForStrict).
 */
import type { ValidateFunction } from 'ajv';
import { createAjv, type AjvCore } from '../runtime/ajv.js';
import type { OperationEntry } from '../runtime/registry-types.js';

/** The schemas of an entry that must compile: paramsSchema, and resultSchema / rowSchema where present. */
export const ENTRY_SCHEMAS = ['paramsSchema', 'resultSchema', 'rowSchema'] as const;

/**
 * The gate's Ajv: the runtime's factory (same class, strictness and formats). Strict mode is
 * checked while the schema is compiled, whatever the options of the code Ajv emits, so the gate
 * skips what only makes that code fast or its errors complete (optimisation passes, allErrors,
 * inlining referenced subschemas into each place that refers to them): with ~350 params, result
 * and row schemas per version that is several seconds less (bench/generation.ts).
 */
export function createGateAjv(): AjvCore {
  return createAjv(undefined, { allErrors: false, inlineRefs: false, code: { optimize: false } });
}

/**
 * What the gate compiled, by the schema's JSON text: one gate for every version generated in a
 * process compiles each distinct schema once (the 11 versions hold ~3,000 params, result and row
 * schemas, ~900 of them distinct), since the same text compiles to the same validator.
 */
export interface SchemaGate {
  readonly ajv: AjvCore;
  readonly compiled: Map<string, ValidateFunction | string>;
}

export function createSchemaGate(ajv: AjvCore = createGateAjv()): SchemaGate {
  return { ajv, compiled: new Map() };
}

/** The validators the gate compiled, by entry name: what the generator's own checks reuse. */
export type CompiledSchemas = Map<string, Partial<Record<(typeof ENTRY_SCHEMAS)[number], ValidateFunction>>>;

/** Throws one error listing every entry schema (params, result, row) that does not compile. */
export function assertSchemasCompile(entries: readonly OperationEntry[], gate: SchemaGate = createSchemaGate()): CompiledSchemas {
  const failures: string[] = [];
  const out: CompiledSchemas = new Map();
  // A v1 operation often answers exactly what its target answers: each distinct schema once.
  const { ajv, compiled } = gate;
  for (const entry of entries) {
    const validators: Partial<Record<(typeof ENTRY_SCHEMAS)[number], ValidateFunction>> = {};
    out.set(entry.name, validators);
    for (const field of ENTRY_SCHEMAS) {
      const schema = entry[field];
      if (schema === null || schema === undefined) continue;
      const key = JSON.stringify(schema);
      if (!compiled.has(key)) {
        try {
          compiled.set(key, ajv.compile(schema));
        } catch (error) {
          compiled.set(key, (error as Error).message);
        }
      }
      const result = compiled.get(key)!;
      if (typeof result === 'string') failures.push(`${entry.name} ${field}: ${result}`);
      else validators[field] = result;
    }
  }
  if (failures.length) throw new Error(`schemas that do not compile with strict Ajv:\n  ${failures.join('\n  ')}`);
  return out;
}
