/**
 * intercom-ops generator: one Intercom OpenAPI description → generated/
 *   schema.ts      types (openapi-typescript)
 *   client.ts      createIntercomClient() + one typed openapi-fetch function per operation
 *   registry.json  every named operation (API + v1) with its JSON Schema params
 *   manifest.json  what it was made from: spec sha256, fixes, relaxations, counts
 *
 * The whole pipeline is this file: load (spec model) → transforms → render → write (or check).
 */
import { loadSpec } from '../spec/load.js';
import type { AppliedFix } from '../spec/fixes.js';
import { HTTP_METHODS } from '../runtime/http-methods.js';
import { DEFAULT_REGION, REGION_BASE_URLS } from '../runtime/regions.js';
import { validateRegistryData } from '../runtime/registry-check.js';
import type { OperationEntry, RegistryData } from '../runtime/registry-types.js';
import { assertSchemasCompile } from './ajv-check.js';
import { checkResponseExamples } from './response-examples.js';
import { pagingReport } from './paging-report.js';
import { resolveGenerateOptions, type GenerateOptions } from './options.js';
import { jsonHeader, tsHeader } from './header.js';
import { buildManifest } from './manifest.js';
import { assertUniqueNames } from './naming.js';
import { jsonFile, staleFiles, strayFiles, writeFiles, type OutputFile } from './output.js';
import type { AppliedRelaxation } from './relaxations.js';
import { render } from './render.js';
import { transformOperations } from './transform/operation.js';
import { renderTypes } from './transform/types.js';
import { transformV1Operations } from './transform/v1-operations.js';
import { VERSION_REPORT_FILES, versionReportFiles } from './version-report.js';

export type { GenerateOptions } from './options.js';

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

export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const config = resolveGenerateOptions(options);

  // 1. Load: locate the description (pinned sha256 checked), parse, apply spec/fixes.ts, build the model.
  const spec = await loadSpec(config.specVersion, { specPath: config.specPath, specDir: config.specDir, fetch: config.fetch });
  const header = { version: spec.version, sha256: spec.source.sha256 };
  config.log(`generate: ${spec.version} from ${spec.source.path} (sha256 ${spec.source.sha256.slice(0, 12)}…)`);

  // 2. Transforms: API operations (spec order), then the v1 catalog resolved against them.
  const api = transformOperations(spec.model, config.relaxations);
  const catalog = config.v1Catalog;
  const v1 = transformV1Operations({ version: spec.version, operations: catalog.operations, targets: catalog.targets, api: api.entries });
  const operations: OperationEntry[] = [...api.entries, ...v1];
  assertUniqueNames(operations.map((e) => ({ name: e.name, where: `${e.kind} operation ${e.name}` })));
  const registry: RegistryData = { version: spec.version, operations };
  validateRegistryData(registry, 'generated registry');
  const validators = assertSchemasCompile(operations);
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
        httpMethods: HTTP_METHODS,
        region: clientRegions(),
        operations: api.entries.map((e) => ({ ...e, lowerMethod: e.method.toLowerCase() })),
      }),
    },
    { name: 'registry.json', content: jsonFile({ $comment: jsonHeader(header), ...registry }) },
  ];
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

  // 3b. Version bump (generator/version-report.ts): when `out` holds another spec version, add
  // version-report.md/.json (from → to). Added after the manifest, so the manifest never lists
  // them; nothing in check mode or for the same version. Throws if a v1 binding no longer resolves.
  files.push(
    ...(await versionReportFiles({
      out: config.out,
      spec,
      check: config.check,
      specDir: config.specDir,
      fetch: config.fetch,
      catalog,
      log: config.log,
    })),
  );

  // 4. Write (or, in check mode, only compare).
  const stray = strayFiles(config.out, files, VERSION_REPORT_FILES);
  const stale = [...staleFiles(config.out, files), ...stray.map((name) => `${name} (not generated: remove it)`)];
  if (!config.check) {
    writeFiles(config.out, files);
    // Not deleted: --out may point at a folder with files of the user's own.
    for (const name of stray) config.log(`generate: ${name} in ${config.out} is not generated output: remove it`);
  }
  config.log(`generate: ${config.check ? 'check' : 'wrote'} ${config.out}: ${stale.length ? `stale: ${stale.join(', ')}` : 'up to date'}`);
  return {
    version: spec.version,
    out: config.out,
    files: files.map((f) => f.name),
    fixesApplied: spec.fixesApplied,
    relaxations: api.relaxations,
    stale,
  };
}
