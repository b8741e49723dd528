/**
 * JSON Pointer (RFC 6901) and local `$ref` resolution: the one implementation the runtime, the spec
 * loader and the generator share.
 *
 * A pointer is `''` (the whole value) or `/`-separated tokens in which `~` is written `~0` and `/`
 * is written `~1`. A local `$ref` is a URI fragment: `#` followed by a pointer, percent-encoded
 * where a URI needs it (`#/components/schemas/a%20b`).
 */

export function encodePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `~1` before `~0`, so that `~01` reads as `~1` (RFC 6901 §4). */
export function decodePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The tokens of a pointer; throws a SyntaxError for text that is not a pointer. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new SyntaxError(`"${pointer}" is not a JSON pointer: it must be empty or start with "/"`);
  return pointer.slice(1).split('/').map(decodePointerToken);
}

export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${encodePointerToken(token)}`).join('');
}

/**
 * The value `pointer` (text or tokens) designates inside `root`, or undefined where there is none.
 * Only own properties count (`/constructor` designates nothing in `{}`); array indexes are tokens.
 */
export function resolvePointer(root: unknown, pointer: string | readonly string[]): unknown {
  let node = root;
  for (const token of typeof pointer === 'string' ? parsePointer(pointer) : pointer) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, token)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** The local `$ref` to a pointer: `#` + the pointer, percent-encoded as a URI fragment. */
export function refToPointer(pointer: string): string {
  return `#${encodeURI(pointer)}`;
}

/** The pointer of a local `$ref` (`#…`), or undefined for any other reference. */
export function pointerOfRef(ref: string): string | undefined {
  if (!ref.startsWith('#')) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined; // malformed percent-encoding
  }
  return pointer === '' || pointer.startsWith('/') ? pointer : undefined;
}

/** What a local `$ref` designates inside `root`, or undefined (not local, or nothing there). */
export function resolveRef(root: unknown, ref: string): unknown {
  const pointer = pointerOfRef(ref);
  return pointer === undefined ? undefined : resolvePointer(root, pointer);
}

/** Longest `$ref` chain followed: a longer one is a cycle of refs (`a` → `b` → `a`). */
export const MAX_REF_HOPS = 32;

/**
 * Follows `node`'s chain of local `$ref`s inside `root` to the object it ends at; a node without
 * `$ref` is that object itself. Undefined when a ref does not resolve, the chain is longer than
 * `maxHops`, or it ends at something that is not an object.
 */
export function derefObject<T extends object = Record<string, any>>(root: unknown, node: unknown, maxHops = MAX_REF_HOPS): T | undefined {
  let current = node;
  for (let hops = 0; isRef(current); hops++) {
    if (hops >= maxHops) return undefined;
    current = resolveRef(root, current.$ref);
  }
  return current !== null && typeof current === 'object' ? (current as T) : undefined;
}

/** An object with a string `$ref`. */
export function isRef(node: unknown): node is { $ref: string } {
  return node !== null && typeof node === 'object' && typeof (node as { $ref?: unknown }).$ref === 'string';
}
