/**
 * Registry data as it is shipped: every subtree that occurs more than once stored once, in
 * `shared`, and referred to as `{ "$shared": <index> }`. A registry repeats the same component
 * schemas in the `$defs` of many entries (each answer that holds a contact carries the contact
 * schema); stored once, the eleven registries take a sixth of the room. Unpacking gives the same
 * data back, each repeated subtree as one object that every place holding it shares.
 * The generator packs (generator/shared-subtrees.ts); the entries unpack, a registry's operations
 * one at a time, the first time each is asked for (`packedRegistry`): a process that calls one
 * operation expands one entry, not all of them.
 */
import type { OperationEntry, RegistryData } from './registry-types.js';

/** The key of a reference to a shared subtree; never a key of the data itself (the packer refuses it). */
export const SHARED_KEY = '$shared';

export interface PackedData {
  /** Each repeated subtree, packed the same way (its own repeated parts are references too). */
  readonly shared: unknown[];
  readonly data: unknown;
}

/**
 * The expansion of one packed value, shared by every reader of it: subtrees are expanded in place
 * (what JSON.parse just made, owned by nobody else) and each shared one once, so every reader gets
 * the same objects.
 */
class Expansion {
  private readonly expanded: unknown[];
  private readonly done: boolean[];

  constructor(private readonly packed: PackedData) {
    this.expanded = new Array(packed.shared.length);
    this.done = new Array(packed.shared.length).fill(false);
  }

  /** `node` with every reference under it replaced by its subtree (in place). */
  expand(node: unknown): unknown {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = this.expand(node[i]);
      return node;
    }
    const record = node as Record<string, unknown>;
    if (Object.hasOwn(record, SHARED_KEY)) {
      const index = record[SHARED_KEY] as number;
      if (!this.done[index]) {
        this.done[index] = true;
        this.expanded[index] = this.expand(this.packed.shared[index]);
      }
      return this.expanded[index];
    }
    for (const key in record) record[key] = this.expand(record[key]);
    return record;
  }
}

const expansions = new WeakMap<PackedData, Expansion>();
const unpacked = new WeakMap<PackedData, unknown>();

function expansionOf(packed: PackedData): Expansion {
  let expansion = expansions.get(packed);
  if (!expansion) expansions.set(packed, (expansion = new Expansion(packed)));
  return expansion;
}

/** The data `packed` holds, expanded in place and remembered: unpacking one module's data twice gives the same objects. */
export function unpackSharedSubtrees<T>(packed: PackedData): T {
  if (unpacked.has(packed)) return unpacked.get(packed) as T;
  const data = expansionOf(packed).expand(packed.data);
  unpacked.set(packed, data);
  return data as T;
}

/** A generated registry read lazily: its names at once, each entry expanded the first time it is asked for. */
export interface PackedRegistry {
  readonly version: string;
  readonly intercomVersion?: string;
  /** Every operation's name, in the registry's order. */
  readonly names: readonly string[];
  /** The entry at `index` of `names`, expanded (the same object every time). */
  entry(index: number): OperationEntry;
}

interface PackedRegistryState {
  readonly registry: PackedRegistry;
  readonly operations: unknown[];
}

const registries = new WeakMap<PackedData, PackedRegistryState>();

function registryState(packed: PackedData): PackedRegistryState {
  let state = registries.get(packed);
  if (state) return state;
  const expansion = expansionOf(packed);
  // The top level of registry data holds its fields and the operations array; each entry is an
  // object of its own there (entries are never repeated, so never a reference).
  const top = packed.data as Record<string, unknown>;
  const operations = top.operations as unknown[];
  // Entries expanded so far (an expanded entry may be frozen by now: never walked again).
  const expanded = new Array<boolean>(operations.length).fill(false);
  const entry = (index: number): OperationEntry => {
    if (!expanded[index]) {
      expanded[index] = true;
      operations[index] = expansion.expand(operations[index]);
    }
    return operations[index] as OperationEntry;
  };
  const names = operations.map((item, index) => {
    const name = (item as { name?: unknown }).name;
    return typeof name === 'string' ? name : entry(index).name;
  });
  state = {
    registry: { version: top.version as string, intercomVersion: top.intercomVersion as string | undefined, names, entry },
    operations,
  };
  registries.set(packed, state);
  return state;
}

/** A generated registry module's data, read entry by entry (see PackedRegistry). */
export function packedRegistry(packed: PackedData): PackedRegistry {
  return registryState(packed).registry;
}

/** A generated registry module's data, every entry expanded (the same objects `packedRegistry` gives). */
export function unpackRegistry(packed: PackedData): RegistryData {
  if (unpacked.has(packed)) return unpacked.get(packed) as RegistryData;
  const state = registryState(packed);
  const expansion = expansionOf(packed);
  const top = packed.data as Record<string, unknown>;
  for (const key in top) if (key !== 'operations') top[key] = expansion.expand(top[key]);
  state.operations.forEach((_, index) => state.registry.entry(index));
  unpacked.set(packed, top);
  return top as unknown as RegistryData;
}
