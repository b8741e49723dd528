/** Load one spec version: locate the file, parse the YAML, apply the listed fixes. */
import { parse } from 'yaml';
import { applyFixes, type AppliedFix } from './fixes.js';
import { locateSpec, type LocateOptions, type LocatedSpec } from './locate.js';

export interface LoadedSpec {
  /** Pinned version name; for an explicit file that is not a pinned one, its `info.version`. */
  version: string;
  document: Record<string, any>;
  source: Omit<LocatedSpec, 'text'>;
  fixesApplied: AppliedFix[];
}

export function parseSpec(text: string): { document: Record<string, any>; fixesApplied: AppliedFix[] } {
  // The descriptions are plain YAML 1.2; `uniqueKeys: false` tolerates upstream duplicate keys.
  const document = parse(text, { uniqueKeys: false, maxAliasCount: -1 }) as Record<string, any>;
  return { document, fixesApplied: applyFixes(document) };
}

export async function loadSpec(version: string, options: LocateOptions = {}): Promise<LoadedSpec> {
  const { text, ...source } = await locateSpec(version, options);
  const { document, fixesApplied } = parseSpec(text);
  return { version: source.version ?? String(document.info?.version ?? version), document, source, fixesApplied };
}
