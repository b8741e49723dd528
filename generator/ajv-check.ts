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
 * skips what only makes that code fast or its errors complete (optimisation passes, allErrors):
 * with ~350 params, result and row schemas per version that is several seconds less.
 */
export function createGateAjv(): AjvCore {
  return createAjv(undefined, { allErrors: false, code: { optimize: false } });
}

/** The validators the gate compiled, by entry name: what the generator's own checks reuse. */
export type CompiledSchemas = Map<string, Partial<Record<(typeof ENTRY_SCHEMAS)[number], ValidateFunction>>>;

/** Throws one error listing every entry schema (params, result, row) that does not compile. */
export function assertSchemasCompile(entries: readonly OperationEntry[], ajv: AjvCore = createGateAjv()): CompiledSchemas {
  const failures: string[] = [];
  const out: CompiledSchemas = new Map();
  // A v1 operation often answers exactly what its target answers: each distinct schema once.
  const compiled = new Map<string, ValidateFunction | string>();
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
