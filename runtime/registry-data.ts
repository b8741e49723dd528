/**
 * A caller's own registry data (a fixture, a registry built by hand) as a Registry: copied and
 * checked against the registry schema with Ajv. A module of its own, apart from registry.ts, so
 * that running a generated registry never imports the check (or Ajv) at all.
 */
import { ValidatorCache } from './params.js';
import { assemble, deepFreeze, type Registry } from './registry.js';
import { validateRegistryData } from './registry-check.js';
import type { OperationEntry, RegistryData } from './registry-types.js';

/**
 * Builds a registry from a caller's registry data: copied (later changes to the caller's data
 * cannot reach validators) and checked against the registry schema. `source` names the data in
 * errors. Generated registries go through `loadPackedRegistry` (registry.ts) instead.
 */
export function loadRegistry(input: RegistryData, source = 'registry'): Registry {
  const registry = validateRegistryData(JSON.parse(JSON.stringify(input)), source);
  const operations: Record<string, OperationEntry> = {};
  for (const entry of registry.operations) operations[entry.name] = deepFreeze(entry);
  Object.freeze(operations);
  const dialect = registry.operations.map((e) => e.paramsSchema.$schema).find((s): s is string => typeof s === 'string');
  return assemble(registry.version, registry.intercomVersion, operations, new ValidatorCache(dialect, false));
}

