/**
 * A loaded registry: the plain entries of a `registry.json` (checked by `validateRegistryData`),
 * looked up by name, plus what the runtime keeps beside them (compiled validators, the v1
 * bindings). The default one is `generated/registry.json`; others (other spec versions'
 * generated output, test fixtures) load through `loadRegistry()` and run via `createRunner`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BindingFunction } from '../operations/types.js';
import { ConfigError } from './errors.js';
import { PACKAGE_ROOT } from './package-root.js';
import { ValidatorCache } from './params.js';
import { validateRegistryData } from './registry-check.js';
import type { OperationEntry, RegistryData } from './registry-types.js';

/** Where bindings come from: a fixed map (tests) or, by default, `operations/index.ts` loaded on first use. */
export type BindingSource = Readonly<Record<string, BindingFunction>> | (() => Promise<Readonly<Record<string, BindingFunction>>>);

export interface Registry {
  /** Spec version: the default `Intercom-Version`. */
  readonly version: string;
  /** Name → plain, frozen entry (exactly the registry.json data). */
  readonly operations: Readonly<Record<string, OperationEntry>>;
  readonly names: readonly string[];
  get(name: string): OperationEntry | undefined;
  readonly validators: ValidatorCache;
  binding(name: string): Promise<BindingFunction | undefined>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

let defaultBindings: Promise<Readonly<Record<string, BindingFunction>>> | undefined;

/**
 * The v1 bindings of `operations/index.ts` (export `v1Bindings`), imported on first use of a v1
 * operation: API-only users never load them, and a broken catalog cannot break API operations.
 */
export function loadDefaultBindings(): Promise<Readonly<Record<string, BindingFunction>>> {
  defaultBindings ??= (async () => {
    const specifier = '../operations/index.js';
    const module = (await import(specifier)) as { v1Bindings?: Record<string, BindingFunction> };
    if (!module.v1Bindings) throw new Error('operations/index.js has no v1Bindings export');
    return module.v1Bindings;
  })();
  return defaultBindings;
}

export interface RegistryOptions {
  /** Bindings for the v1 entries; default: `operations/index.ts`. */
  bindings?: BindingSource;
  /** Names the data in errors. */
  source?: string;
}

/** Builds a registry from data (validated first) or from a folder / file holding `registry.json`. */
export function loadRegistry(input: RegistryData | string, options: RegistryOptions = {}): Registry {
  let data: unknown = input;
  let source = options.source ?? 'registry';
  if (typeof input === 'string') {
    const file = existsSync(input) && statSync(input).isDirectory() ? join(input, 'registry.json') : input;
    if (!existsSync(file)) throw new ConfigError(`registry not found: ${file} (run \`intercom-ops generate\`)`);
    source = options.source ?? file;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${file}: not valid JSON (${(error as Error).message})`);
    }
  } else {
    // Data handed in by a caller is copied so later changes to it cannot reach validators.
    data = JSON.parse(JSON.stringify(input));
  }
  const registry = validateRegistryData(data, source);
  const operations: Record<string, OperationEntry> = {};
  for (const entry of registry.operations) operations[entry.name] = deepFreeze(entry);
  Object.freeze(operations);
  const names = Object.keys(operations);
  const dialect = registry.operations.map((e) => e.paramsSchema.$schema).find((s): s is string => typeof s === 'string');
  const bindingSource = options.bindings ?? loadDefaultBindings;
  let bindings: Promise<Readonly<Record<string, BindingFunction>>> | undefined;
  return {
    version: registry.version,
    operations,
    names,
    get: (name) => (typeof name === 'string' && Object.hasOwn(operations, name) ? operations[name] : undefined),
    validators: new ValidatorCache(dialect),
    async binding(name) {
      bindings ??= typeof bindingSource === 'function' ? bindingSource() : Promise.resolve(bindingSource);
      const all = await bindings;
      return Object.hasOwn(all, name) ? all[name] : undefined;
    },
  };
}

export const DEFAULT_REGISTRY_DIR = join(PACKAGE_ROOT, 'generated');

let defaultRegistry: Registry | undefined;

/** `generated/registry.json`, loaded once. */
export function getDefaultRegistry(): Registry {
  defaultRegistry ??= loadRegistry(DEFAULT_REGISTRY_DIR);
  return defaultRegistry;
}
