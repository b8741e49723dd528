/** manifest.json: what a generated set was made from and what the generator decided on the way. */
import type { AppliedFix } from '../spec/fixes.js';
import { sha256 } from '../spec/locate.js';
import { findPin, UPSTREAM } from '../spec/pins.js';
import type { ApiOperationEntry, V1OperationEntry } from '../runtime/registry-types.js';
import type { AppliedRelaxation } from './relaxations.js';
import type { OperationNote } from './transform/operation.js';
import type { ConversionStats } from './transform/schema.js';
import type { OutputFile } from './output.js';
import type { ResponseExampleReport } from './response-examples.js';
import type { PagingReport } from './paging-report.js';

export interface ManifestInput {
  header: string;
  version: string;
  specSha256: string;
  /** The description's own `openapi` and `info.version`. */
  openapi: string;
  infoVersion: string;
  fixesApplied: AppliedFix[];
  relaxations: AppliedRelaxation[];
  notes: OperationNote[];
  stats: ConversionStats;
  /** The description's success-response examples checked against the resultSchemas. */
  responseExamples: ResponseExampleReport;
  /** Which operations answer pages, which iterate() pages through, what a listed fix declared. */
  paging: PagingReport;
  api: ApiOperationEntry[];
  v1: V1OperationEntry[];
  files: OutputFile[];
}

function sortedCounts(counter: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counter).sort(([a], [b]) => a.localeCompare(b)));
}

function countBy<T>(items: readonly T[], key: (item: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return sortedCounts(out);
}

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  // Only a pinned description has a canonical URL; an explicit --spec file's local path is not
  // recorded (it would make the output depend on the machine).
  const pin = findPin(input.version);
  const pinned = pin?.sha256 === input.specSha256 ? pin : undefined;
  return {
    $comment: input.header,
    // No package version: a release that does not change the output must not make it stale.
    generator: { name: 'intercom-ops' },
    spec: {
      version: input.version,
      sha256: input.specSha256,
      url: pinned?.url ?? null,
      upstream: pinned ? { repository: UPSTREAM.repository, commit: UPSTREAM.commit } : null,
      openapi: input.openapi,
      infoVersion: input.infoVersion,
    },
    fixesApplied: input.fixesApplied,
    relaxationsApplied: input.relaxations,
    rules: {
      formatsRewritten: sortedCounts(input.stats.formats),
      keywordsDropped: sortedCounts(input.stats.droppedKeywords),
      nullBranchesAdded: input.stats.nullBranches,
      objectTypesAdded: input.stats.objectTypesAdded,
      requiredDeclared: input.stats.requiredDeclared,
      operationNotes: input.notes,
    },
    counts: {
      operations: input.api.length + input.v1.length,
      api: input.api.length,
      apiDerivedNames: input.api.filter((e) => e.operationId === null).length,
      apiReadOnly: input.api.filter((e) => e.readOnly).length,
      apiDeprecated: input.api.filter((e) => e.deprecated).length,
      apiWithBody: input.api.filter((e) => e.body).length,
      apiPaginated: countBy(input.api, (e) => e.pagination?.style ?? null),
      v1: input.v1.length,
      v1Legacy: input.v1.filter((e) => e.legacy).length,
      v1Unavailable: input.v1.filter((e) => e.unavailable !== null).length,
    },
    paging: input.paging,
    responseExamples: input.responseExamples,
    files: Object.fromEntries(
      [...input.files].sort((a, b) => a.name.localeCompare(b.name)).map((f) => [f.name, sha256(f.content)]),
    ),
  };
}
