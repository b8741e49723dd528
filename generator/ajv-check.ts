/**
 * The gate every paramsSchema passes before anything is written: it must compile with the Ajv
 * configuration the contract names (default class = draft-07 with `$defs`, strict, formats from
 * ajv-formats and nothing else registered), so no unknown keyword or format can ship. Fully strict,
 * `strictTypes` and `strictRequired` included (no union types either): consumers compile the
 * schemas as they are, often with Ajv's strict defaults, so a schema that only compiles with a
 * switch turned off is a generation bug (generator/transform/schema.ts normalizeForStrict).
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvCore } from 'ajv';
import type { OperationEntry } from '../runtime/registry-types.js';

// Ajv and ajv-formats are CommonJS; createRequire gives their real exports under NodeNext.
const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as typeof AjvCore;
const addFormats = require('ajv-formats').default as (ajv: AjvCore) => AjvCore;

export const GATE_AJV_OPTIONS = { strict: true, allErrors: true } as const;

export function createGateAjv(): AjvCore {
  const ajv = new Ajv({ ...GATE_AJV_OPTIONS });
  addFormats(ajv);
  return ajv;
}

/** Throws one error listing every entry whose paramsSchema does not compile. */
export function assertSchemasCompile(entries: readonly OperationEntry[], ajv: AjvCore = createGateAjv()): void {
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
