/**
 * Dot paths (`data`, `pages.next.starting_after`) into JSON answers and params. Only own
 * properties are followed: a path from a caller (`resultsPath: "__proto__"`, `"constructor"`)
 * must never reach `Object.prototype` or a constructor, which a row handed back could then be
 * used to change for every object of the process.
 */

/** The keys of a dot path; empty segments (`a..b`, a trailing dot) are skipped. */
export function dotKeys(dotPath: string): string[] {
  return dotPath.split('.').filter(Boolean);
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
  const [key, ...rest] = dotKeys(dotPath);
  if (key === undefined) return target;
  const copy: Record<string, unknown> = { ...target };
  if (rest.length === 0) {
    copy[key] = value;
  } else {
    const child = Object.hasOwn(target, key) ? target[key] : undefined;
    const inner = child && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {};
    copy[key] = withValueAt(inner, rest.join('.'), value);
  }
  return copy as T;
}
