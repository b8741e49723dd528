/**
 * A loaded registry: the plain entries of registry data (checked by `validateRegistryData`),
 * looked up by name, plus the compiled validators kept beside them. Which registry a runner uses
 * (and which v1 bindings) is decided by whoever composes it (the entries in entry/ and
 * generated/<version>/); the runtime knows neither generated/ nor operations/, and reads no file:
 * registries arrive as data (generated/<version>/registry.ts is an ES module). Registry data of a
 * caller's own is loaded by `loadRegistry` (registry-data.ts), which checks it with Ajv.
 */
import { ValidatorCache, type PrecompiledValidators } from './params.js';
import type { OperationEntry } from './registry-types.js';
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

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * A generated registry module's packed data as a registry, each entry expanded and frozen the
 * first time it is read (through `get` or `operations`): a process that calls one operation pays
 * for one entry, not for all of them (bench/startup.ts). Neither copied nor checked: the generator
 * checked it against the registry schema before writing it (and `generate --check` keeps it
 * identical to what it generates), and checking it at load would cost a start-up about 100 ms.
 * Its schemas declare no `$schema`: the generator writes draft-07, already checked. `precompiled`:
 * the version's precompiled params validators (generated/<version>/validators.ts), where it has them.
 */
export function loadPackedRegistry(packed: PackedData, precompiled?: PrecompiledValidators): Registry {
  const lazy = packedRegistry(packed);
  const operations: Record<string, OperationEntry> = {};
  lazy.names.forEach((name, index) => {
    let entry: OperationEntry | undefined;
    Object.defineProperty(operations, name, { enumerable: true, get: () => (entry ??= deepFreeze(lazy.entry(index))) });
  });
  Object.freeze(operations);
  return assemble(lazy.version, lazy.intercomVersion, operations, new ValidatorCache(undefined, true, precompiled));
}

export function assemble(
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
