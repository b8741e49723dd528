/**
 * The package entry (`intercom-ops`): the pinned version's runner (entry/compose.ts over
 * generated/pinned.ts) plus the list of every version; a call's `version` option selects another
 * version's registry, loaded on first use. `intercom-ops/<version>` entries are the same
 * composition over their own registry (generated/<version>/index.ts).
 */
import pinnedPacked, { validators as pinnedValidators, type Operations } from '../generated/pinned.js';
import type { Runner, RunnerConfig } from '../runtime/runner.js';
import { suggestNames as suggestOperationNames } from '../runtime/suggest.js';
import type { OperationEntry } from '../runtime/registry-types.js';
import { typedRunner, type TypedRunner, type VersionRunner } from '../runtime/typed.js';
import { composeVersion, versionRegistries, type EntryRunnerConfig } from './compose.js';

const pinned = composeVersion(pinnedPacked, pinnedValidators);
const runner: TypedRunner<Operations> = typedRunner(pinned.runner);

/**
 * A runner with `config` as the default options of every call, typed by operation name for the
 * pinned version. A config naming a version gives that version's names and params, checked at run
 * time only (VersionRunner). Given a `registry` (and `bindings`) of its own (tests, fixtures), it
 * runs those instead and is typed by name no longer; registry data is loaded and checked on the
 * first call, and its `operations` are readable after that call.
 */
export function createRunner(config: RunnerConfig & { version: string }): VersionRunner;
export function createRunner(config?: RunnerConfig): TypedRunner<Operations>;
export function createRunner(config: EntryRunnerConfig): Runner;
export function createRunner(config: EntryRunnerConfig = {}): Runner | TypedRunner<Operations> | VersionRunner {
  return pinned.createRunner(config);
}
/** Every operation of the pinned version by name: plain, frozen registry entries. */
export const operations = runner.operations;
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
/** Runs an operation of the pinned version by name (another with the `version` option, checked at run time). */
export const run = runner.run;
/** The rows of a paginated operation over every page, each page fetched when the loop asks for it. */
export const iterate = runner.iterate;

export type { Operations };
export type { TypedRunner, VersionRunner, DryRunOptions } from '../runtime/typed.js';

export { SUPPORTED_VERSIONS, type SupportedVersion } from '../generated/versions.js';
export * from './public.js';
