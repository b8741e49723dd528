/**
 * Which registry a call runs against: the runner's own, or the one the `version` option names.
 * Other versions' registries arrive as loaders (the composing entry hands in loaders over a table
 * of literal dynamic imports), each called on the first call that names its version: importing a
 * runner costs the same whatever the number of versions it can switch to.
 */
import { ConfigError } from './errors.js';
import type { Registry } from './registry.js';

/**
 * Version name (as SUPPORTED_VERSIONS spells it) → its registry, imported on demand. A loader may
 * answer the same Registry to every set (the entries keep one per version for the process).
 */
export type RegistryLoaders = Readonly<Record<string, () => Promise<Registry>>>;

/** Version names compare without case: `Preview` (the header Intercom documents) is `preview`. */
function key(version: string): string {
  return version.toLowerCase();
}

/** Whether `version` names `registry` (by its version or its header value, in any case). */
export function namesRegistry(version: string, registry: Pick<Registry, 'version' | 'intercomVersion'>): boolean {
  return key(version) === key(registry.version) || key(version) === key(registry.intercomVersion);
}

export class RegistrySet {
  private readonly loaded = new Map<string, Promise<Registry>>();
  private readonly loaders = new Map<string, { name: string; load: () => Promise<Registry> }>();

  constructor(
    readonly main: Registry,
    loaders: RegistryLoaders = {},
  ) {
    for (const [name, load] of Object.entries(loaders)) this.loaders.set(key(name), { name, load });
    const own = Promise.resolve(main);
    this.loaded.set(key(main.version), own);
    this.loaded.set(key(main.intercomVersion), own);
  }

  /** Every version name a call may ask for. */
  get versions(): string[] {
    const names = [...this.loaders.values()].map((l) => l.name);
    return names.some((n) => key(n) === key(this.main.version)) ? names : [this.main.version, ...names];
  }

  /** The registry for `version` (undefined: the runner's own); CONFIG for a version it has none of. */
  get(version: unknown, operation: string): Promise<Registry> {
    if (version === undefined) return this.loaded.get(key(this.main.version))!;
    if (typeof version !== 'string' || version === '') {
      return Promise.reject(new ConfigError(`${operation}: version must be a version name such as "2.14"`, { operation }));
    }
    let registry = this.loaded.get(key(version));
    if (!registry) {
      const loader = this.loaders.get(key(version));
      if (!loader) {
        return Promise.reject(
          new ConfigError(`${operation}: unknown version ${JSON.stringify(version)}; the versions are ${this.versions.join(', ')}`, {
            operation,
          }),
        );
      }
      registry = loader.load();
      // A failed import is not kept: the next call tries again.
      registry.catch(() => this.loaded.delete(key(version)));
      this.loaded.set(key(version), registry);
    }
    return registry;
  }
}
