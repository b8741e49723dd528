/**
 * The package entry (`intercom-ops`): the pinned version's runner (entry/compose.ts over
 * generated/pinned.ts) plus the list of every version; a call's `version` option selects another
 * version's registry, loaded on first use. `intercom-ops/<version>` entries are the same
 * composition over their own registry (generated/<version>/index.ts).
 */
import pinnedRegistry from '../generated/pinned.js';
import { suggestNames as suggestOperationNames } from '../runtime/suggest.js';
import { composeVersion, versionRegistries } from './compose.js';
import type { OperationEntry } from '../runtime/registry-types.js';

const pinned = composeVersion(pinnedRegistry);

/**
 * A runner with `config` as the default options of every call. `registry` and `bindings`
 * default to the pinned registry and the v1 catalog (tests pass their own).
 */
export const createRunner = pinned.createRunner;
/** Every operation of the pinned version by name: plain, frozen registry entries. */
export const operations = pinned.registry.operations;
/** The pinned API version: what calls run against unless their `version` option says otherwise. */
export const VERSION: string = pinned.registry.version;
/** The same as VERSION (its earlier name). */
export const DEFAULT_VERSION: string = VERSION;
const registries = versionRegistries(pinned.registry);
/**
 * The operations of a version (default: the pinned one), its registry imported on first use; a
 * version the package does not ship is CONFIG, naming `operation` (what asked).
 */
export async function operationsOf(version?: string, operation = 'operations'): Promise<Readonly<Record<string, OperationEntry>>> {
  return (await registries.get(version, operation)).operations;
}
/** Close names for a mistyped operation name (what UNKNOWN_OPERATION suggests); default: the registry's names. */
export function suggestNames(name: string, names: Iterable<string> = Object.keys(operations), limit?: number): string[] {
  return suggestOperationNames(name, names, limit);
}
export const run = pinned.runner.run;
export const iterate = pinned.runner.iterate;

export { SUPPORTED_VERSIONS, type SupportedVersion } from '../generated/versions.js';
export * from './public.js';
