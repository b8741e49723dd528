/**
 * The gate every paramsSchema passes before anything is written: it must compile with the
 * runtime's Ajv (runtime/ajv.ts: draft-07 with `$defs`, fully strict, ajv-formats and nothing else
 * registered), so no unknown keyword or format can ship. Strict includes `strictTypes` and
 * `strictRequired` (and no union types): consumers compile the schemas as they are, often with
 * Ajv's strict defaults, so a schema that only compiles with a switch turned off is a generation
 * bug (generator/transform/schema.ts normalizeForStrict).
 */
import { createAjv, type AjvCore } from '../runtime/ajv.js';
import type { OperationEntry } from '../runtime/registry-types.js';

/** Throws one error listing every entry whose paramsSchema does not compile. */
export function assertSchemasCompile(entries: readonly OperationEntry[], ajv: AjvCore = createAjv()): void {
  const failures: string[] = [];
  for (const entry of entries) {
    try {
      ajv.compile(entry.paramsSchema);
    } catch (error) {
      failures.push(`${entry.name}: ${(error as Error).message}`);
    }
  }
  if (failures.length) throw new Error(`paramsSchema does not compile with strict Ajv:\n  ${failures.join('\n  ')}`);
}
