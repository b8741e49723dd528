/**
 * Dot paths (`data`, `pages.next.starting_after`) into JSON answers and params. Only own
 * properties are followed: a path from a caller (`resultsPath: "__proto__"`, `"constructor"`)
 * must never reach `Object.prototype` or a constructor, which a row handed back could then be
 * used to change for every object of the process.
 */

/** Dot paths split once (descriptors name a handful; callers' own paths are bounded by the cap). */
const splitPaths = new Map<string, readonly string[]>();
const MAX_SPLIT_PATHS = 1_024;

/** The keys of a dot path; empty segments (`a..b`, a trailing dot) are skipped. */
export function dotKeys(dotPath: string): readonly string[] {
  let keys = splitPaths.get(dotPath);
  if (keys === undefined) {
    keys = Object.freeze(dotPath.split('.').filter(Boolean));
    if (splitPaths.size >= MAX_SPLIT_PATHS) splitPaths.clear();
    splitPaths.set(dotPath, keys);
  }
  return keys;
}

/** The value at `dotPath`, following own properties only; undefined when any step is missing. */
export function ownValueAt(value: unknown, dotPath: string): unknown {
  let node: unknown = value;
  for (const key of dotKeys(dotPath)) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * A copy of `target` with `value` at `dotPath`: objects along the path are copied (never
 * changed), missing or non-object steps become new objects.
 */
export function withValueAt<T extends Record<string, unknown>>(target: T, dotPath: string, value: unknown): T {
  const keys = dotKeys(dotPath);
  return keys.length === 0 ? target : (withValueAtKeys(target, keys, 0, value) as T);
}

function withValueAtKeys(target: Record<string, unknown>, keys: readonly string[], at: number, value: unknown): Record<string, unknown> {
  const key = keys[at];
  const copy: Record<string, unknown> = { ...target };
  if (at === keys.length - 1) {
    copy[key] = value;
  } else {
    const child = Object.hasOwn(target, key) ? target[key] : undefined;
    const inner = child && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
    copy[key] = withValueAtKeys(inner, keys, at + 1, value);
  }
  return copy;
}
