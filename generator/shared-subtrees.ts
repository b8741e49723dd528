/**
 * Packs data for shipping: each object or array whose JSON text is at least MIN_SHARED_LENGTH
 * characters long and occurs more than once is stored once (runtime/shared-subtrees.ts says why,
 * and unpacks). Deterministic: shared subtrees are numbered in the order a depth-first walk first
 * meets them.
 */
import { SHARED_KEY, type PackedData } from '../runtime/shared-subtrees.js';

/** Shorter subtrees cost less inline than as a reference plus a table slot. */
export const MIN_SHARED_LENGTH = 64;

export function packSharedSubtrees(data: unknown): PackedData {
  // A scalar has no subtrees to share.
  if (data === null || typeof data !== 'object') return { shared: [], data };
  // 1. The JSON text of every subtree, built once (children first).
  const textOf = new Map<object, string>();
  const measure = (node: unknown): string => {
    if (node === null || typeof node !== 'object') return JSON.stringify(node);
    let text: string;
    if (Array.isArray(node)) text = `[${node.map(measure).join(',')}]`;
    else {
      if (Object.hasOwn(node, SHARED_KEY)) throw new Error(`cannot pack data holding the key ${SHARED_KEY}`);
      text = `{${Object.entries(node).map(([key, value]) => `${JSON.stringify(key)}:${measure(value)}`).join(',')}}`;
    }
    textOf.set(node, text);
    return text;
  };
  measure(data);

  // 2. How often each subtree occurs in the packed form: a repeat is one reference, so what lies
  // inside it is counted only in its first occurrence (a part repeated only inside one shared
  // subtree stays inline there).
  const occurrences = new Map<string, number>();
  const count = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const text = textOf.get(node)!;
    if (text.length >= MIN_SHARED_LENGTH) {
      const seen = (occurrences.get(text) ?? 0) + 1;
      occurrences.set(text, seen);
      if (seen > 1) return;
    }
    for (const value of Object.values(node)) count(value);
  };
  for (const value of Object.values(data as object)) count(value);

  // 3. The same walk, a repeated subtree replaced by a reference to its one stored copy.
  const shared: unknown[] = [];
  const indexOf = new Map<string, number>();
  const pack = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    const text = textOf.get(node)!;
    if ((occurrences.get(text) ?? 0) < 2) return packChildren(node);
    let index = indexOf.get(text);
    if (index === undefined) {
      index = shared.length;
      indexOf.set(text, index);
      shared.push(null);
      shared[index] = packChildren(node);
    }
    return { [SHARED_KEY]: index };
  };
  const packChildren = (node: object): unknown =>
    Array.isArray(node) ? node.map(pack) : Object.fromEntries(Object.entries(node).map(([key, value]) => [key, pack(value)]));
  return { shared, data: packChildren(data as object) };
}
