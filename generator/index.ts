/**
 * intercom-ops generator: each Intercom OpenAPI description → generated/<version>/
 *   schema.ts      types (openapi-typescript)
 *   client.ts      createIntercomClient() + one typed openapi-fetch function per operation
 *   registry.ts    every named operation (API + v1) with its JSON Schema params, as an ES module
 *   operation-types.ts  params, result and row types of every operation by name (typed run/iterate)
 *   index.ts       the `intercom-ops/<version>` entry (entry/compose.ts over this registry)
 *   validators.ts, validators/  the pinned version's params validators, precompiled (Ajv standalone)
 *   manifest.json  what it was made from: spec sha256, fixes, relaxations, counts
 * and, for the set of every pinned version (`generateAll`), generated/versions.ts: the version
 * names, a loader per version's registry and one per version's precompiled validators.
 *
 * The whole pipeline is this file: load (spec model) → transforms → render → write (or check).
 */
import { loadSpec, type LoadedSpec } from '../spec/load.js';
import type { AppliedFix } from '../spec/fixes.js';
import { SPEC_FILE_NAME } from '../spec/locate.js';
import { HTTP_METHODS } from '../runtime/http-methods.js';
import { DEFAULT_REGION, REGION_BASE_URLS } from '../runtime/regions.js';
import { validateRegistryData } from '../runtime/registry-check.js';
import type { OperationEntry, RegistryData } from '../runtime/registry-types.js';
import { assertSchemasCompile, createSchemaGate, type SchemaGate } from './ajv-check.js';
import { checkResponseExamples } from './response-examples.js';
import { pagingReport } from './paging-report.js';
import { DEFAULT_OUT, resolveGenerateOptions, type GenerateAllOptions, type GenerateOptions, type ResolvedGenerateOptions } from './options.js';
import { jsonHeader, tsHeader, tsSetHeader } from './header.js';
import { declaredIntercomVersion } from './intercom-version.js';
import { buildManifest } from './manifest.js';
import { assertUniqueNames } from './naming.js';
import { isReplaceableOutput, jsonFile, removeFiles, staleFiles, strayFiles, writeFiles, type OutputFile } from './output.js';
import type { AppliedRelaxation } from './relaxations.js';
import { renderRegistryModule } from './registry-module.js';
import { validatorModuleFiles } from './validator-modules.js';
import { render, tsString } from './render.js';
import { transformOperations } from './transform/operation.js';
import { renderOperationTypes } from './transform/operation-types.js';
import { renderTypes } from './transform/types.js';
import { transformV1Operations } from './transform/v1-operations.js';
import { VERSION_REPORT_FILES, versionReportFiles } from './version-report.js';
import { PINNED_VERSION, VERSIONS } from '../spec/pins.js';
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export type { GenerateAllOptions, GenerateOptions } from './options.js';

export interface GenerateResult {
  /** Spec version generated from. */
  version: string;
  /** Output folder (absolute). */
  out: string;
  /** Generated files, relative to `out`. */
  files: string[];
  fixesApplied: AppliedFix[];
  relaxations: AppliedRelaxation[];
  /** Files whose content differs from what is on disk (check mode: what would change; else: what was written). */
  stale: string[];
}

/** What `generateAll` made: every pinned version in `<out>/<version>/`, plus the set's own files. */
export interface GenerateAllResult {
  /** Output folder (absolute). */
  out: string;
  /** One result per version, oldest first (preview last); each `out` is `<out>/<version>`. */
  versions: GenerateResult[];
  /** Every generated file, relative to `out`. */
  files: string[];
  /** Files (relative to `out`) whose content differs from what is on disk, as for one version. */
  stale: string[];
}

/** Where a version's folder sits relative to the package root: its modules import the runtime from there. */
const RUNTIME_FROM_VERSION_FOLDER = '../../runtime';


/**
 * The versions whose params validators are precompiled: the pinned one, which the root entry runs
 * (every version's would add ~0.5–1 MB of code each and seconds to every generation).
 */
function hasPrecompiledValidators(version: string): boolean {
  return version === PINNED_VERSION;
}

/** "a, b or c". */
function listOf(words: readonly string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words.join('');
}

/** The runtime's region table as client.ts.hbs writes it (generated/client.ts imports nothing of the runtime). */
function clientRegions() {
  const names = Object.keys(REGION_BASE_URLS);
  return {
    hosts: Object.entries(REGION_BASE_URLS).map(([name, url]) => ({ name, url })),
    default: DEFAULT_REGION,
    list: listOf(names),
    doc: listOf(names.map((name) => (name === DEFAULT_REGION ? `\`${name}\` (default)` : `\`${name}\``))),
  };
}

/** The files of one version (relative to its folder), built from a loaded spec. */
async function versionFiles(spec: LoadedSpec, config: ResolvedGenerateOptions, gate: SchemaGate = createSchemaGate()) {
  const header = { version: spec.version, sha256: spec.source.sha256 };
  config.log(`generate: ${spec.version} from ${spec.source.path} (sha256 ${spec.source.sha256.slice(0, 12)}…)`);

  // 2. Transforms: API operations (spec order), then the v1 catalog resolved against them.
  const api = transformOperations(spec.model, config.relaxations);
  const catalog = config.v1Catalog;
  const v1 = transformV1Operations({ version: spec.version, operations: catalog.operations, targets: catalog.targets, api: api.entries });
  const operations: OperationEntry[] = [...api.entries, ...v1];
  assertUniqueNames(operations.map((e) => ({ name: e.name, where: `${e.kind} operation ${e.name}` })));
  const registry: RegistryData = { version: spec.version, intercomVersion: declaredIntercomVersion(spec.model), operations };
  validateRegistryData(registry, 'generated registry');
  const validators = assertSchemasCompile(operations, gate);
  // The description's own answer examples against the answer schemas (reported in the manifest).
  const responseExamples = checkResponseExamples(spec.model.operations, validators);

  // 3. Render.
  const files: OutputFile[] = [
    { name: 'schema.ts', content: `${tsHeader(header)}\n${await renderTypes(spec.document)}` },
    {
      name: 'client.ts',
      content: render('client.ts.hbs', {
        header: tsHeader(header),
        version: spec.version,
        intercomVersion: registry.intercomVersion,
        httpMethods: HTTP_METHODS,
        region: clientRegions(),
        operations: api.entries.map((e) => ({ ...e, lowerMethod: e.method.toLowerCase() })),
      }),
    },
    { name: 'registry.ts', content: renderRegistryModule(tsHeader(header), registry, `${RUNTIME_FROM_VERSION_FOLDER}/shared-subtrees.js`) },
    {
      name: 'operation-types.ts',
      content: await renderOperationTypes({ header: tsHeader(header), version: spec.version, model: spec.model, api: api.entries, v1, runtimeDir: RUNTIME_FROM_VERSION_FOLDER }),
    },
    { name: 'index.ts', content: render('version-entry.ts.hbs', { header: tsHeader(header), version: spec.version, precompiled: hasPrecompiledValidators(spec.version) }) },
  ];
  if (hasPrecompiledValidators(spec.version)) files.push(...validatorModuleFiles(operations, tsHeader(header), RUNTIME_FROM_VERSION_FOLDER));
  files.push({
    name: 'manifest.json',
    content: jsonFile(
      buildManifest({
        header: jsonHeader(header),
        version: spec.version,
        specSha256: spec.source.sha256,
        openapi: String(spec.document.openapi ?? ''),
        infoVersion: String(spec.document.info?.version ?? ''),
        fixesApplied: spec.fixesApplied,
        relaxations: api.relaxations,
        notes: api.notes,
        stats: api.converter.stats,
        responseExamples,
        paging: pagingReport(spec.model, api.entries),
        api: api.entries,
        v1,
        files,
      }),
    ),
  });
  return { files, relaxations: api.relaxations, catalog };
}

/**
 * Compares `files` with `out` (check mode) or writes the changed ones; stray files are reported,
 * and deleted only when they are precompiled validators the generator wrote (isReplaceableOutput).
 */
function writeOrCheck(out: string, files: readonly OutputFile[], keep: readonly string[], config: ResolvedGenerateOptions): string[] {
  const stray = strayFiles(out, files, keep);
  const stale = [...staleFiles(out, files), ...stray.map((name) => `${name} (not generated: remove it)`)];
  if (!config.check) {
    writeFiles(out, files);
    // Precompiled validators no longer generated (a schema changed, the pin moved) are deleted;
    // any other stray file is not: --out may point at a folder with files of the user's own.
    const replaced = stray.filter((name) => isReplaceableOutput(out, name));
    removeFiles(out, replaced);
    if (replaced.length) config.log(`generate: removed ${replaced.length} precompiled validator file(s) from ${out} that are no longer generated`);
    for (const name of stray.filter((name) => !replaced.includes(name))) config.log(`generate: ${name} in ${out} is not generated output: remove it`);
  }
  config.log(`generate: ${config.check ? 'check' : 'wrote'} ${out}: ${stale.length ? `stale: ${stale.join(', ')}` : 'up to date'}`);
  return stale;
}

/**
 * One version (`specVersion`, default the pinned one, or an explicit `specPath`) into `out`
 * (default `generated/<version>`). Its modules import the runtime as `../../runtime/…`, the
 * place a version's folder has inside the package.
 */
export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const config = resolveGenerateOptions(options);

  // 1. Load: locate the description (pinned sha256 checked), parse, apply spec/fixes.ts, build the model.
  const spec = await loadSpec(config.specVersion, { specPath: config.specPath, specDir: config.specDir, fetch: config.fetch });
  const out = options.out === undefined ? join(DEFAULT_OUT, spec.version) : config.out;
  const { files, relaxations, catalog } = await versionFiles(spec, config);

  // 3b. Version bump (generator/version-report.ts): when `out` holds another spec version, add
  // version-report.md/.json (from → to). Added after the manifest, so the manifest never lists
  // them; nothing in check mode or for the same version. Throws if a v1 binding no longer resolves.
  files.push(
    ...(await versionReportFiles({ out, spec, check: config.check, specDir: config.specDir, fetch: config.fetch, catalog, log: config.log })),
  );

  // 4. Write (or, in check mode, only compare).
  const stale = writeOrCheck(out, files, VERSION_REPORT_FILES, config);
  return { version: spec.version, out, files: files.map((f) => f.name), fixesApplied: spec.fixesApplied, relaxations, stale };
}

/**
 * generated/versions.ts: the version names, one lazy loader per version's registry and one per
 * precompiled validators' index (literal specifiers).
 */
function renderVersionsModule(versions: readonly string[], pinned: string): string {
  const lines = [
    tsSetHeader(),
    "import type { PrecompiledValidators } from '../runtime/params.js';",
    "import type { PackedData } from '../runtime/shared-subtrees.js';",
    '',
    '/** Every Intercom API version this package ships, oldest first (Preview, spelled `preview`, last). */',
    `export const SUPPORTED_VERSIONS = [${versions.map(tsString).join(', ')}] as const;`,
    '',
    'export type SupportedVersion = (typeof SUPPORTED_VERSIONS)[number];',
    '',
    '/** The version the root entry (`intercom-ops`) runs by default. */',
    `export const PINNED_VERSION = ${tsString(pinned)};`,
    '',
    '/**',
    " * Each version's packed registry data, imported only when first asked for. The specifiers are",
    ' * literals, so a bundler sees every module (and may split each into a chunk of its own).',
    ' */',
    'export const REGISTRY_LOADERS: Readonly<Record<SupportedVersion, () => Promise<PackedData>>> = {',
    ...versions.map((v) => `  ${tsString(v)}: () => import(${tsString(`./${v}/registry.js`)}).then((module) => module.default),`),
    '};',
    '',
    '/** The versions with precompiled params validators (generated/<version>/validators.ts): the index of each, imported with its registry. */',
    'export const VALIDATOR_LOADERS: Readonly<Partial<Record<SupportedVersion, () => Promise<PrecompiledValidators>>>> = {',
    ...versions
      .filter(hasPrecompiledValidators)
      .map((v) => `  ${tsString(v)}: () => import(${tsString(`./${v}/validators.js`)}).then((module) => module.default),`),
    '};',
    '',
  ];
  return lines.join('\n');
}

/** One version's generated files, as the set needs them (plain data: it crosses from a worker thread). */
export interface VersionOutput {
  version: string;
  files: OutputFile[];
  fixesApplied: AppliedFix[];
  relaxations: AppliedRelaxation[];
  /** What the version's generation logged, in order. */
  log: string[];
}

/**
 * The files of each of `versions` (pinned names), in order, in this thread: one schema gate for
 * all of them, so a schema several versions share is compiled once.
 */
export async function generateVersions(versions: readonly string[], options: GenerateAllOptions = {}): Promise<VersionOutput[]> {
  const outputs: VersionOutput[] = [];
  const gate = createSchemaGate();
  for (const version of versions) {
    const log: string[] = [];
    const config = resolveGenerateOptions({ ...options, log: (line) => log.push(line) });
    const spec = await loadSpec(version, { specDir: config.specDir, fetch: config.fetch });
    const { files, relaxations } = await versionFiles(spec, config, gate);
    outputs.push({ version: spec.version, files, fixesApplied: spec.fixesApplied, relaxations, log });
  }
  return outputs;
}

/** The worker module beside this one, when it exists as JavaScript (a built checkout, not the TypeScript sources). */
const WORKER_FILE = fileURLToPath(new URL('./generate-worker.js', import.meta.url));

/**
 * Splits the versions in two runs of consecutive versions (neighbours share most schemas, so each
 * gate still compiles most of them once) of about equal description size, the bigger one first.
 */
function splitVersions(versions: readonly string[], sizes: readonly number[]): [string[], string[]] {
  const total = sizes.reduce((a, b) => a + b, 0);
  let sum = 0;
  let cut = 0;
  while (cut < versions.length - 1 && sum + sizes[cut] / 2 < total / 2) sum += sizes[cut++];
  return [versions.slice(0, cut), versions.slice(cut)];
}

/**
 * Every version's files, in VERSIONS order. On a machine with more than one core, from a built
 * checkout, with no test doubles injected (a worker cannot be handed functions), the later
 * versions are generated in a worker thread while this thread does the earlier ones: the same
 * code on the same input, so the same bytes (`generate --check` compares them), in about 60 % of
 * the time on 2 idle cores (bench/generation.ts). INTERCOM_OPS_GENERATE_THREADS=1 keeps it to
 * one thread (a busy machine, or to compare).
 */
async function allVersionOutputs(options: GenerateAllOptions): Promise<VersionOutput[]> {
  const versions = VERSIONS.map((pin) => pin.version);
  const threadable =
    process.env.INTERCOM_OPS_GENERATE_THREADS !== '1' &&
    availableParallelism() > 1 &&
    versions.length > 1 &&
    existsSync(WORKER_FILE) &&
    typeof options.fetch !== 'function' &&
    options.v1Catalog === undefined &&
    options.relaxations === undefined;
  if (!threadable) return generateVersions(versions, options);
  // Bigger descriptions take longer: split by size (what locate would read; 0 when not found yet).
  const specDir = options.specDir ?? process.env.INTERCOM_OPENAPI_DIR ?? '';
  const sizes = versions.map((version) => {
    try {
      return statSync(join(specDir, version, SPEC_FILE_NAME)).size;
    } catch {
      return 1;
    }
  });
  const [here, there] = splitVersions(versions, sizes);
  const worker = new Worker(WORKER_FILE, { workerData: { versions: there, options: { specDir: options.specDir, fetch: options.fetch, check: options.check } } });
  const inWorker = new Promise<VersionOutput[]>((resolveOutputs, reject) => {
    worker.once('message', (message: { outputs?: VersionOutput[]; error?: string }) =>
      message.error === undefined ? resolveOutputs(message.outputs!) : reject(new Error(message.error)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`generate: the worker thread exited (${code}) before it answered`)));
  });
  try {
    const [first, second] = await Promise.all([generateVersions(here, options), inWorker]);
    return [...first, ...second];
  } finally {
    await worker.terminate();
  }
}

/**
 * Every pinned version (spec/versions.json) into `<out>/<version>/`, in one process (the
 * TypeScript and openapi-typescript start-up is paid once, per thread), plus `<out>/versions.ts`.
 * Check mode compares everything and writes nothing; files under `out` that the set does not
 * contain are reported as stray.
 */
export async function generateAll(options: GenerateAllOptions = {}): Promise<GenerateAllResult> {
  const config = resolveGenerateOptions(options);
  const results: GenerateResult[] = [];
  const all: OutputFile[] = [];
  for (const output of await allVersionOutputs(options)) {
    for (const line of output.log) config.log(line);
    const out = join(config.out, output.version);
    results.push({
      version: output.version,
      out,
      files: output.files.map((f) => f.name),
      fixesApplied: output.fixesApplied,
      relaxations: output.relaxations,
      stale: [],
    });
    all.push(...output.files.map((f) => ({ name: `${output.version}/${f.name}`, content: f.content })));
  }
  all.push({ name: 'versions.ts', content: renderVersionsModule(results.map((r) => r.version), PINNED_VERSION) });
  all.push({ name: 'pinned.ts', content: render('pinned.ts.hbs', { header: tsSetHeader(), pinned: PINNED_VERSION }) });
  all.push({ name: 'client.ts', content: render('pinned-client.ts.hbs', { header: tsSetHeader(), pinned: PINNED_VERSION }) });
  const stale = writeOrCheck(config.out, all, [], config);
  for (const result of results) {
    const prefix = `${result.version}/`;
    result.stale = stale.filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length));
  }
  return { out: config.out, versions: results, files: all.map((f) => f.name), stale };
}
