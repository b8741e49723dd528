/** Load one spec version: locate the file, parse the YAML, apply the listed fixes, build the model. */
import { CORE_SCHEMA, load } from 'js-yaml';
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

/** Parses a description and applies `fixes` (default: every listed fix) in place. */
export function parseSpec(text: string, fixes: readonly SpecFix[] = SPEC_FIXES): { document: Record<string, any>; fixesApplied: AppliedFix[] } {
  // The descriptions are plain YAML 1.2: the core schema (no timestamps or merge keys, which would
  // turn a `2024-01-01` into a Date); `json: true` tolerates a duplicate key (the last one wins)
  // instead of refusing the whole file.
  const document = load(text, { schema: CORE_SCHEMA, json: true }) as Record<string, any>;
  return { document, fixesApplied: applyFixes(document, fixes) };
}

export async function loadSpec(version: string, options: LocateOptions = {}): Promise<LoadedSpec> {
  const { text, ...source } = await locateSpec(version, options);
  const { document, fixesApplied } = parseSpec(text);
  const name = source.version ?? String(document.info?.version ?? version);
  return { version: name, document, source, fixesApplied, model: buildSpecModel(name, document) };
}
