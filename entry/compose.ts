/**
 * How every entry of the package is composed: the runtime's runner over one version's registry,
 * the v1 catalog's bindings, and the table of every other version's registry (loaded only when a
 * call's `version` option names it). The root entry (entry/index.ts) and each
 * `intercom-ops/<version>` entry (generated/<version>/index.ts) are these few lines over their
 * own registry.
 */
import { REGISTRY_LOADERS } from '../generated/versions.js';
import { v1Bindings } from '../operations/index.js';
import { createRunner as createRuntimeRunner, loadRegistry, type Runner, type RunnerConfig, type RunnerParts } from '../runtime/index.js';
import type { Registry } from '../runtime/registry.js';
import { RegistrySet } from '../runtime/versions.js';
import type { RegistryData } from '../runtime/registry-types.js';

export interface VersionEntry {
  /** The version's registry, loaded (and checked) once. */
  readonly registry: Registry;
  /** A runner over this version with `config` as the default options of every call. */
  createRunner(config?: RunnerConfig & Partial<RunnerParts>): Runner;
  /** The runner with no defaults: what the entry's `run` and `iterate` are. */
  readonly runner: Runner;
}

export function composeVersion(data: RegistryData): VersionEntry {
  // The generated module's own data: frozen in place, not copied.
  const registry = loadRegistry(data, { source: `registry ${data.version}`, adopt: true });
  const createRunner = (config: RunnerConfig & Partial<RunnerParts> = {}): Runner =>
    createRuntimeRunner({ registry, bindings: v1Bindings, versions: REGISTRY_LOADERS, ...config });
  return { registry, createRunner, runner: createRunner() };
}

/** Every version's registry beside `main`'s, for code that needs a version's operations themselves (tool catalogs). */
export function versionRegistries(main: Registry): RegistrySet {
  return new RegistrySet(main, REGISTRY_LOADERS);
}
