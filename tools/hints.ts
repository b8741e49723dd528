/**
 * The MCP tool annotations derived from an operation: whether it writes, whether what it writes
 * can destroy existing data, and whether sending it twice does more than sending it once.
 */
import type { OperationEntry } from '../entry/index.js';
import type { Operations } from './select.js';

/**
 * Word stems that mark a destructive write: something existing is deleted, removed, archived,
 * merged into another record, detached, redacted, untagged, converted into another kind of record,
 * erased or purged. Matched at the start of each word of the operation's name (camelCase and
 * snake_case split) and summary, so `UnarchiveContact` and "conversation" do not match.
 */
export const DESTRUCTIVE_STEMS = ['delet', 'remov', 'archiv', 'merg', 'detach', 'redact', 'untag', 'convert', 'eras', 'purg'] as const;

/** The words of a name or a sentence, lower-cased: `detachTagFromContact` → detach, tag, from, contact. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function hasDestructiveWord(entry: OperationEntry): boolean {
  return [...wordsOf(entry.name), ...wordsOf(entry.summary)].some((word) => DESTRUCTIVE_STEMS.some((stem) => word.startsWith(stem)));
}

/**
 * The rule: an operation that writes is destructive when it is a DELETE, when a word of its name
 * or summary starts with one of DESTRUCTIVE_STEMS, or (v1) when an operation it calls is
 * destructive. An operation that writes nothing never is.
 */
export function isDestructive(entry: OperationEntry, operations: Operations): boolean {
  if (entry.readOnly) return false;
  if (hasDestructiveWord(entry)) return true;
  if (entry.kind === 'api') return entry.method === 'DELETE';
  return entry.calls.some((call) => {
    const target = operations[call];
    return target !== undefined && target.kind === 'api' && isDestructive(target, operations);
  });
}

/**
 * Idempotent when repeating the call has no further effect: an operation that writes nothing,
 * an API PUT or DELETE (HTTP's idempotent methods), and a v1 operation whose every call is
 * idempotent. POST and PATCH are not; neither is a v1 operation on an endpoint the spec lacks
 * (no call to judge by).
 */
export function isIdempotent(entry: OperationEntry, operations: Operations): boolean {
  if (entry.readOnly) return true;
  if (entry.kind === 'api') return entry.method === 'PUT' || entry.method === 'DELETE';
  if (entry.legacy || entry.calls.length === 0) return false;
  return entry.calls.every((call) => {
    const target = operations[call];
    return target !== undefined && target.kind === 'api' && isIdempotent(target, operations);
  });
}
