/** The options of generate(), and the same with every default made explicit in one place. */
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../spec/repo-root.js';
import { PINNED_VERSION } from '../spec/pins.js';
import { RELAXATIONS, type Relaxation } from './relaxations.js';
import { DEFAULT_V1_CATALOG } from './v1-catalog.js';
import type { V1Catalog } from './v1-targets.js';

export interface GenerateOptions {
  /** Pinned spec version to generate from; default the pinned one (spec/versions.json). */
  specVersion?: string;
  /** An explicit description file instead of a pinned version (used as is, no pin check). */
  specPath?: string;
  /** Folder holding `<version>/api.intercom.io.yaml`; default `INTERCOM_OPENAPI_DIR`, then cache/download. */
  specDir?: string;
  /** Output folder; default `<package root>/generated/<version>`. */
  out?: string;
  /** Write nothing; report the files whose content would change. */
  check?: boolean;
  /** Progress lines (the CLI sends them to stderr); default silent. */
  log?: (line: string) => void;
  /** Injected for tests: the spec download's fetch (`false` forbids downloading). */
  fetch?: typeof globalThis.fetch | false;
  /** The v1 operation catalog; default operations/index.ts. Tests inject a small one. */
  v1Catalog?: V1Catalog;
  /** Injected for tests: the relaxation table. */
  relaxations?: readonly Relaxation[];
}

/** The options of generateAll(): every pinned version, so no version or file of one's own. */
export type GenerateAllOptions = Omit<GenerateOptions, 'specVersion' | 'specPath'>;

/** GenerateOptions with every default applied (`out`: the given folder, else `generated/`). */
export interface ResolvedGenerateOptions {
  specVersion: string;
  specPath: string | undefined;
  specDir: string | undefined;
  out: string;
  check: boolean;
  log: (line: string) => void;
  fetch: typeof globalThis.fetch | false | undefined;
  v1Catalog: V1Catalog;
  relaxations: readonly Relaxation[];
}

export const DEFAULT_OUT = join(REPO_ROOT, 'generated');

export function resolveGenerateOptions(options: GenerateOptions = {}): ResolvedGenerateOptions {
  return {
    specVersion: options.specVersion ?? PINNED_VERSION,
    specPath: options.specPath,
    specDir: options.specDir,
    out: resolve(options.out ?? DEFAULT_OUT),
    check: options.check ?? false,
    log: options.log ?? (() => {}),
    fetch: options.fetch,
    v1Catalog: options.v1Catalog ?? DEFAULT_V1_CATALOG,
    relaxations: options.relaxations ?? RELAXATIONS,
  };
}
