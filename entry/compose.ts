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

export interface VersionEntry {
  /** The version's registry, loaded (and checked) once. */
  readonly registry: Registry;
  /** A runner over this version with `config` as the default options of every call. */
  createRunner(config?: RunnerConfig & Partial<RunnerParts>): Runner;
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
  const createRunner = (config: RunnerConfig & Partial<RunnerParts> = {}): Runner =>
    createRuntimeRunner({ registry, bindings: loadV1Bindings, versions: VERSION_REGISTRIES, ...config });
  return { registry, createRunner, runner: createRunner() };
}

/** Every version's registry beside `main`'s, for code that needs a version's operations themselves (tool catalogs). */
export function versionRegistries(main: Registry): RegistrySet {
  return new RegistrySet(main, VERSION_REGISTRIES);
}
