/**
 * Registry data as it is shipped: every subtree that occurs more than once stored once, in
 * `shared`, and referred to as `{ "$shared": <index> }`. A registry repeats the same component
 * schemas in the `$defs` of many entries (each answer that holds a contact carries the contact
 * schema); stored once, the eleven registries take a sixth of the room. Unpacking gives the same
 * data back, each repeated subtree as one object that every place holding it shares.
 * The generator packs (generator/shared-subtrees.ts); the entries unpack.
 */
import type { RegistryData } from './registry-types.js';

/** The key of a reference to a shared subtree; never a key of the data itself (the packer refuses it). */
export const SHARED_KEY = '$shared';

export interface PackedData {
  /** Each repeated subtree, packed the same way (its own repeated parts are references too). */
  readonly shared: unknown[];
  readonly data: unknown;
}

const unpacked = new WeakMap<PackedData, unknown>();

/**
 * The data `packed` holds. It is expanded in place (what JSON.parse just made, owned by nobody
 * else) and remembered, so unpacking one module's data twice gives the same objects.
 */
export function unpackSharedSubtrees<T>(packed: PackedData): T {
  if (unpacked.has(packed)) return unpacked.get(packed) as T;
  const expanded: unknown[] = new Array(packed.shared.length);
  const done: boolean[] = new Array(packed.shared.length).fill(false);
  const expand = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = expand(node[i]);
      return node;
    }
    const record = node as Record<string, unknown>;
    if (Object.hasOwn(record, SHARED_KEY)) {
      const index = record[SHARED_KEY] as number;
      if (!done[index]) {
        done[index] = true;
        expanded[index] = expand(packed.shared[index]);
      }
      return expanded[index];
    }
    for (const key in record) record[key] = expand(record[key]);
    return record;
  };
  const data = expand(packed.data);
  unpacked.set(packed, data);
  return data as T;
}

/** A generated registry module's data. */
export function unpackRegistry(packed: PackedData): RegistryData {
  return unpackSharedSubtrees<RegistryData>(packed);
}
