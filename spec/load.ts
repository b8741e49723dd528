/** Load one spec version: locate the file, parse the YAML, apply the listed fixes, build the model. */
import { parse } from 'yaml';
import { applyFixes, SPEC_FIXES, type AppliedFix, type SpecFix } from './fixes.js';
import { locateSpec, type LocateOptions, type LocatedSpec } from './locate.js';
import { buildSpecModel, type SpecModel } from './model.js';

export interface LoadedSpec {
  /** Pinned version name; for an explicit file that is not a pinned one, its `info.version`. */
  version: string;
  document: Record<string, any>;
  source: Omit<LocatedSpec, 'text'>;
  fixesApplied: AppliedFix[];
  /** The operations of `document` (spec/model.ts): what generate and diff both read. */
  model: SpecModel;
}

export interface LoadOptions extends LocateOptions {
  /** The load-time fixes to apply; default all of spec/fixes.ts. */
  fixes?: readonly SpecFix[];
}

export function parseSpec(text: string, fixes: readonly SpecFix[] = SPEC_FIXES): { document: Record<string, any>; fixesApplied: AppliedFix[] } {
  // The descriptions are plain YAML 1.2; `uniqueKeys: false` tolerates upstream duplicate keys.
  const document = parse(text, { uniqueKeys: false, maxAliasCount: -1 }) as Record<string, any>;
  return { document, fixesApplied: applyFixes(document, fixes) };
}

export async function loadSpec(version: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const { fixes, ...locate } = options;
  const { text, ...source } = await locateSpec(version, locate);
  const { document, fixesApplied } = parseSpec(text, fixes);
  const name = source.version ?? String(document.info?.version ?? version);
  return { version: name, document, source, fixesApplied, model: buildSpecModel(name, document) };
}
