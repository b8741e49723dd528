/**
 * Which operations become tools. Filters combine with AND; a list within one filter matches any
 * of its items. A v1 operation has no tags of its own: its tags are those of the API operations
 * it calls.
 */
import { UnknownOperationError } from '../runtime/errors.js';
import type { OperationEntry } from '../runtime/registry-types.js';
import { suggestNames } from '../runtime/suggest.js';
import { toolNameFor } from './names.js';

export type Operations = Readonly<Record<string, OperationEntry>>;

export interface ToolFilters {
  /** Only operations that write nothing. */
  readOnly?: boolean;
  kind?: 'v1' | 'api';
  /** Operation (or tool) names; any of them. */
  operations?: readonly string[];
  /** Tag names, matched without regard to case; any of them. */
  tags?: readonly string[];
}

/** UNKNOWN_OPERATION for `name`, suggesting close ones among `candidates`. */
export function unknownName(message: string, name: string, candidates: Iterable<string>): UnknownOperationError {
  const suggestions = suggestNames(name, candidates);
  return new UnknownOperationError(`${message}${suggestions.length ? `; did you mean ${suggestions.join(', ')}?` : ''}`, { operation: name, suggestions });
}

/** Thrown for a filter value that names nothing (an unknown tag): a usage error at the edge. */
export class ToolFilterError extends Error {}

/** The tags of an operation: its own (API) or those of the operations it calls (v1), sorted. */
export function operationTags(entry: OperationEntry, operations: Operations): string[] {
  if (entry.kind === 'api') return [...entry.tags].sort();
  const tags = new Set<string>();
  for (const call of entry.calls) {
    const target = operations[call];
    if (target?.kind === 'api') for (const tag of target.tags) tags.add(tag);
  }
  return [...tags].sort();
}

/** Every tag of the API operations, sorted. */
export function knownTags(operations: Operations): string[] {
  const tags = new Set<string>();
  for (const entry of Object.values(operations)) if (entry.kind === 'api') for (const tag of entry.tags) tags.add(tag);
  return [...tags].sort();
}

/**
 * The selected entries, sorted by name. A v1 operation the catalog marks unavailable in this
 * version is never offered (every call of it fails). An unknown name in `operations` is an
 * UNKNOWN_OPERATION error, an unknown tag a ToolFilterError: a typo must not silently serve less.
 */
export function selectOperations(operations: Operations, filters: ToolFilters = {}): OperationEntry[] {
  const all = Object.values(operations);
  let wantedNames: Set<string> | undefined;
  if (filters.operations) {
    const byToolName = new Map(all.map((entry) => [toolNameFor(entry.name), entry.name]));
    wantedNames = new Set();
    for (const name of filters.operations) {
      const resolved = Object.hasOwn(operations, name) ? name : byToolName.get(name);
      if (!resolved) throw unknownName(`unknown operation ${JSON.stringify(name)} in --operations`, name, Object.keys(operations));
      wantedNames.add(resolved);
    }
  }
  let wantedTags: Set<string> | undefined;
  if (filters.tags) {
    const known = new Map(knownTags(operations).map((tag) => [tag.toLowerCase(), tag]));
    wantedTags = new Set();
    for (const tag of filters.tags) {
      const canonical = known.get(tag.toLowerCase());
      if (!canonical) throw new ToolFilterError(`unknown tag ${JSON.stringify(tag)} in --tags; the tags are: ${[...known.values()].join(', ')}`);
      wantedTags.add(canonical);
    }
  }
  return all
    .filter((entry) => !(entry.kind === 'v1' && entry.unavailable))
    .filter((entry) => !filters.readOnly || entry.readOnly)
    .filter((entry) => !filters.kind || entry.kind === filters.kind)
    .filter((entry) => !wantedNames || wantedNames.has(entry.name))
    .filter((entry) => !wantedTags || operationTags(entry, operations).some((tag) => wantedTags.has(tag)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
