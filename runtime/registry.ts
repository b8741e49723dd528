/**
 * A loaded registry: the plain entries of registry data (checked by `validateRegistryData`),
 * looked up by name, plus the compiled validators kept beside them. Which registry a runner uses
 * (and which v1 bindings) is decided by whoever composes it (the entries in entry/ and
 * generated/<version>/); the runtime knows neither generated/ nor operations/, and reads no file:
 * registries arrive as data (generated/<version>/registry.ts is an ES module).
 */
import { ValidatorCache } from './params.js';
import { validateRegistryData } from './registry-check.js';
import type { OperationEntry, RegistryData } from './registry-types.js';
import { packedRegistry, type PackedData } from './shared-subtrees.js';

export interface Registry {
  /** Spec version, as SUPPORTED_VERSIONS spells it ("2.10", "preview"). */
  readonly version: string;
  /** The `Intercom-Version` header sent with this registry's operations ("2.10", "Preview"). */
  readonly intercomVersion: string;
  /** Name → plain, frozen entry (exactly the registry data). */
  readonly operations: Readonly<Record<string, OperationEntry>>;
  readonly names: readonly string[];
  get(name: string): OperationEntry | undefined;
  readonly validators: ValidatorCache;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Builds a registry from a caller's registry data: copied (later changes to the caller's data
 * cannot reach validators) and checked against the registry schema. `source` names the data in
 * errors. Generated registries go through `loadPackedRegistry` instead.
 */
export function loadRegistry(input: RegistryData, source = 'registry'): Registry {
  const registry = validateRegistryData(JSON.parse(JSON.stringify(input)), source);
  const operations: Record<string, OperationEntry> = {};
  for (const entry of registry.operations) operations[entry.name] = deepFreeze(entry);
  Object.freeze(operations);
  const dialect = registry.operations.map((e) => e.paramsSchema.$schema).find((s): s is string => typeof s === 'string');
  return assemble(registry.version, registry.intercomVersion, operations, new ValidatorCache(dialect, false));
}

/**
 * A generated registry module's packed data as a registry, each entry expanded and frozen the
 * first time it is read (through `get` or `operations`): a process that calls one operation pays
 * for one entry, not for all of them (bench/startup.ts). Neither copied nor checked: the generator
 * checked it against the registry schema before writing it (and `generate --check` keeps it
 * identical to what it generates), and checking it at load would cost a start-up about 100 ms.
 * Its schemas declare no `$schema`: the generator writes draft-07, already checked.
 */
export function loadPackedRegistry(packed: PackedData): Registry {
  const lazy = packedRegistry(packed);
  const operations: Record<string, OperationEntry> = {};
  lazy.names.forEach((name, index) => {
    let entry: OperationEntry | undefined;
    Object.defineProperty(operations, name, { enumerable: true, get: () => (entry ??= deepFreeze(lazy.entry(index))) });
  });
  Object.freeze(operations);
  return assemble(lazy.version, lazy.intercomVersion, operations, new ValidatorCache(undefined, true));
}

function assemble(
  version: string,
  intercomVersion: string | undefined,
  operations: Readonly<Record<string, OperationEntry>>,
  validators: ValidatorCache,
): Registry {
  return {
    version,
    intercomVersion: intercomVersion ?? version,
    operations,
    names: Object.keys(operations),
    get: (name) => (typeof name === 'string' && Object.hasOwn(operations, name) ? operations[name] : undefined),
    validators,
  };
}
