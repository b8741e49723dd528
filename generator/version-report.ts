/**
 * The version-bump step of `generate`: when the output folder holds another spec version (its
 * `manifest.json` says so), add `version-report.md` and `version-report.json` — the same report as
 * `intercom-ops diff <from> <to>` — to the files being written.
 *
 * - Same version as before, a fresh folder, or `--check`: no report files (nothing written, nothing
 *   compared), so regenerating stays byte-identical and `--check` never flags an old report.
 * - A v1 binding that no longer resolves fails generation here, with the report's list of broken
 *   bindings in the message (the v1 transform normally fails first with the same finding).
 * - When the previous version cannot be loaded (e.g. it came from a `--spec` file that is not a
 *   pinned version), the report is skipped with a logged warning: a report is advice, the new
 *   output is still correct.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec, type LoadedSpec } from '../spec/load.js';
import { SpecNotFoundError } from '../spec/locate.js';
import { diffModels, type DiffReport } from './diff.js';
import { renderDiffJson, renderDiffMarkdown } from './diff-render.js';
import type { V1Catalog } from './v1-targets.js';
import type { OutputFile } from './output.js';

export const VERSION_REPORT_FILES = ['version-report.md', 'version-report.json'] as const;

export interface VersionReportInput {
  /** Output folder (absolute). */
  out: string;
  /** The spec being generated (already loaded). */
  spec: LoadedSpec;
  check: boolean;
  /** Where to find the previous version's description (same options the generator loaded with). */
  specDir?: string;
  fetch?: typeof globalThis.fetch | false;
  /** The v1 catalog the generator resolved; null leaves the v1 section out. */
  catalog: V1Catalog | null;
  log: (line: string) => void;
}

export class BrokenBindingsError extends Error {
  constructor(readonly report: DiffReport) {
    const broken = (report.v1 ?? []).filter((r) => r.status === 'broken');
    const lines = broken.flatMap((r) => r.calls.filter((c) => c.broken).map((c) => `  ${r.name}: ${c.target}: ${c.broken}`));
    super(
      `version bump ${report.from} → ${report.to}: ${broken.length} v1 binding(s) no longer resolve:\n${lines.join('\n')}\n` +
        `fix them in operations/ (targets.ts aliases, or mark the operation unavailableIn["${report.to}"] with a reason); ` +
        `see \`intercom-ops diff ${report.from} ${report.to}\``,
    );
    this.name = 'BrokenBindingsError';
  }
}

/** The spec version recorded in `<out>/manifest.json`, or null (no manifest, unreadable, or no version). */
export function previousVersion(out: string): string | null {
  const path = join(out, 'manifest.json');
  if (!existsSync(path)) return null;
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { spec?: { version?: unknown } };
    return typeof manifest.spec?.version === 'string' ? manifest.spec.version : null;
  } catch {
    return null;
  }
}

/** The report files to add to the generator's output (empty when there is no version change). */
export async function versionReportFiles(input: VersionReportInput): Promise<OutputFile[]> {
  const from = previousVersion(input.out);
  const to = input.spec.version;
  if (input.check || from === null || from === to) return [];
  let previous: LoadedSpec;
  try {
    previous = await loadSpec(from, { specDir: input.specDir, fetch: input.fetch });
  } catch (error) {
    if (!(error instanceof SpecNotFoundError)) throw error;
    input.log(`generate: WARNING no version report ${from} → ${to}: ${error.message}`);
    return [];
  }
  const report = diffModels(previous.model, input.spec.model, input.catalog);
  if (!report.ok) throw new BrokenBindingsError(report);
  const s = report.summary;
  input.log(
    `generate: version ${from} → ${to}: ${s.added} added, ${s.removed} removed, ${s.renamed} renamed, ${s.changed} changed` +
      (s.v1 ? `; v1 bindings: ${s.v1.changed} changed, ${s.v1.unavailable} unavailable` : '') +
      ` (${VERSION_REPORT_FILES.join(', ')})`,
  );
  return [
    { name: 'version-report.md', content: renderDiffMarkdown(report) },
    { name: 'version-report.json', content: renderDiffJson(report) },
  ];
}
