/**
 * A loaded registry: the plain entries of a `registry.json` (checked by `validateRegistryData`),
 * looked up by name, plus the compiled validators kept beside them. Which registry a runner uses
 * (and which v1 bindings) is decided by whoever composes it (entry/index.ts for the package);
 * the runtime knows neither generated/ nor operations/.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './errors.js';
import { ValidatorCache } from './params.js';
import { validateRegistryData } from './registry-check.js';
import type { OperationEntry, RegistryData } from './registry-types.js';

export interface Registry {
  /** Spec version: the default `Intercom-Version`. */
  readonly version: string;
  /** Name → plain, frozen entry (exactly the registry.json data). */
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

export interface RegistryOptions {
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
  return {
    version: registry.version,
    operations,
    names,
    get: (name) => (typeof name === 'string' && Object.hasOwn(operations, name) ? operations[name] : undefined),
    validators: new ValidatorCache(dialect),
  };
}
