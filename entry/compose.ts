/**
 * How every entry of the package is composed: the runtime's runner over one version's registry,
 * the v1 catalog's bindings, and the table of every other version's registry (loaded only when a
 * call's `version` option names it). The root entry (entry/index.ts) and each
 * `intercom-ops/<version>` entry (generated/<version>/index.ts) are these few lines over their
 * own registry.
 */
import { REGISTRY_LOADERS, VALIDATOR_LOADERS, type SupportedVersion } from '../generated/versions.js';
import { createRunner as createRuntimeRunner, type Runner, type RunnerConfig, type RunnerParts } from '../runtime/runner.js';
import type { PrecompiledValidators } from '../runtime/params.js';
import { loadPackedRegistry, type Registry } from '../runtime/registry.js';
import type { RegistryData } from '../runtime/registry-types.js';
import { ConfigError } from '../runtime/errors.js';
import { OnFirstUse } from '../runtime/on-first-use.js';
import type { PackedData } from '../runtime/shared-subtrees.js';
import { RegistrySet, type RegistryLoaders } from '../runtime/versions.js';
import type { Bindings } from '../runtime/binding-api.js';

/**
 * One Registry per version for the whole process, keyed by its module's data: the root entry's
 * `version` option, `intercom-ops/<version>` and every runner share its expanded entries and
 * compiled validators instead of building their own.
 */
const registries = new WeakMap<PackedData, Registry>();

function registryOf(packed: PackedData, precompiled?: PrecompiledValidators): Registry {
  let registry = registries.get(packed);
  if (!registry) registries.set(packed, (registry = loadPackedRegistry(packed, precompiled)));
  return registry;
}

/**
 * Every version's registry, imported on first use (with its precompiled validators, where the
 * version has them: every way to a version's registry passes the same ones), the process's one
 * Registry of each.
 */
const VERSION_REGISTRIES: RegistryLoaders = Object.fromEntries(
  Object.entries(REGISTRY_LOADERS).map(([version, load]) => [
    version,
    () => Promise.all([load(), VALIDATOR_LOADERS[version as SupportedVersion]?.()]).then(([packed, precompiled]) => registryOf(packed, precompiled)),
  ]),
);

/**
 * An entry's runner config: the options, and parts of its own (tests, fixtures): a `registry`
 * loaded, or registry data of the caller's, loaded and checked on the first call (the check
 * imports Ajv, which a generated registry's runner does not).
 */
export type EntryRunnerConfig = RunnerConfig & Partial<Omit<RunnerParts, 'registry'>> & { registry?: Registry | RegistryData };

export interface VersionEntry {
  /** The version's registry, loaded (and checked) once. */
  readonly registry: Registry;
  /** A runner over this version with `config` as the default options of every call. */
  createRunner(config?: EntryRunnerConfig): Runner;
  /** The runner with no defaults: what the entry's `run` and `iterate` are. */
  readonly runner: Runner;
}

/** The v1 catalog's bindings, imported on the first v1 call (a literal specifier: bundlers include it). */
function loadV1Bindings(): Promise<Bindings> {
  return import('../operations/index.js').then((module) => module.v1Bindings);
}

/**
 * `packed`: a generated registry module's data (checked by the generator: not copied or checked
 * again); `precompiled`: its version's precompiled params validators, where it has them.
 */
export function composeVersion(packed: PackedData, precompiled?: PrecompiledValidators): VersionEntry {
  const registry = registryOf(packed, precompiled);
  const createRunner = (config: EntryRunnerConfig = {}): Runner => {
    const { registry: own = registry, ...rest } = config;
    const parts = { bindings: loadV1Bindings, versions: VERSION_REGISTRIES, ...rest };
    return isLoadedRegistry(own) ? createRuntimeRunner({ ...parts, registry: own }) : runnerOverData(own, parts);
  };
  return { registry, createRunner, runner: createRunner() };
}

function isLoadedRegistry(value: Registry | RegistryData): value is Registry {
  return typeof (value as Registry).get === 'function' && (value as Registry).validators !== undefined;
}

/**
 * A runner over a caller's registry data: the first call loads it (runtime/registry-data.ts:
 * copied and checked against the registry schema) and runs the engine's runner over it; a data
 * that fails the check fails every call with the CONFIG error that lists its problems.
 */
function runnerOverData(data: RegistryData, parts: Omit<RunnerParts, 'registry'> & RunnerConfig): Runner {
  const runner = new OnFirstUse(() =>
    import('../runtime/registry-data.js').then((module) => createRuntimeRunner({ ...parts, registry: module.loadRegistry(data) })),
  );
  return {
    run: async (name, params, options) => (await runner.get()).run(name, params, options),
    iterate: (name, params, options) => ({
      async *[Symbol.asyncIterator]() {
        yield* (await runner.get()).iterate(name, params, options);
      },
    }),
    get operations() {
      if (runner.value) return runner.value.operations;
      throw new ConfigError('the operations of a registry given as data are loaded (and checked) on the first call: read them after it');
    },
    // A runner still loading is closed once it is there.
    close: async () => (await runner.made())?.close(),
  };
}

/** Every version's registry beside `main`'s, for code that needs a version's operations themselves (tool catalogs). */
export function versionRegistries(main: Registry): RegistrySet {
  return new RegistrySet(main, VERSION_REGISTRIES);
}
