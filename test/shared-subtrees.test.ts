/**
 * The shipped registry format: repeated subtrees stored once (generator/shared-subtrees.ts) and
 * expanded back (runtime/shared-subtrees.ts) into the same data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SHARED_LENGTH, packSharedSubtrees } from '../generator/shared-subtrees.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_KEY, packedRegistry, unpackRegistry, unpackSharedSubtrees, type PackedData } from '../runtime/shared-subtrees.js';
import { REPO_ROOT } from '../spec/repo-root.js';
import { loadPackedRegistry } from '../runtime/registry.js';
import { REGISTRY_LOADERS, SUPPORTED_VERSIONS } from '../generated/versions.js';

/** Packs, goes through JSON text (as the generated module does), unpacks. */
const roundTrip = (data: unknown) => unpackSharedSubtrees(JSON.parse(JSON.stringify(packSharedSubtrees(data))));

describe('shared subtrees', () => {
  it('unpacking a packed value gives the same value (any JSON, with repeated parts)', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => !JSON.stringify(v).includes(SHARED_KEY));
    fc.assert(
      fc.property(json, json, (a, b) => {
        // The same subtrees at several places and depths: the case packing is for.
        const data = { a, b, list: [a, b, { again: a }], nested: { deeper: [b, a] } };
        expect(roundTrip(data)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
      { numRuns: 300 },
    );
  });

  it('stores a repeated subtree once, and every place that held it shares one object', () => {
    const contact = { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string', format: 'email' } } };
    const data = { one: { $defs: { contact } }, two: { $defs: { contact: structuredClone(contact) } }, small: [{ a: 1 }, { a: 1 }] };
    const packed = packSharedSubtrees(data);
    expect(packed.shared).toHaveLength(1);
    expect(JSON.stringify(packed.shared[0]).length).toBeGreaterThanOrEqual(MIN_SHARED_LENGTH);
    // Shorter than MIN_SHARED_LENGTH: left inline.
    expect(JSON.stringify(packed.data)).toContain('"small":[{"a":1},{"a":1}]');
    const unpacked = unpackSharedSubtrees<typeof data>(JSON.parse(JSON.stringify(packed)));
    expect(unpacked).toEqual(data);
    expect(unpacked.one.$defs.contact).toBe(unpacked.two.$defs.contact);
  });

  it('unpacking the same packed data twice gives the same objects (it is expanded in place once)', () => {
    const big = { text: 'x'.repeat(MIN_SHARED_LENGTH) };
    const packed = JSON.parse(JSON.stringify(packSharedSubtrees([big, big])));
    const first = unpackSharedSubtrees(packed);
    expect(unpackSharedSubtrees(packed)).toBe(first);
    expect(first).toEqual([big, big]);
  });

  it('packs a scalar as itself', () => {
    for (const value of [5, 'abc', null, true]) expect(roundTrip(value)).toEqual(value);
  });

  it(`refuses data that holds the key ${SHARED_KEY} (it would read as a reference)`, () => {
    expect(() => packSharedSubtrees({ schema: { [SHARED_KEY]: 1 } })).toThrow(/\$shared/);
  });

  it('every shipped registry unpacks to registry data whose schemas hold no reference left', async () => {
    for (const version of SUPPORTED_VERSIONS) {
      const registry = unpackRegistry(await REGISTRY_LOADERS[version]());
      expect(registry.version).toBe(version);
      expect(JSON.stringify(registry)).not.toContain(`"${SHARED_KEY}"`);
    }
  });

  it('a packed registry is read entry by entry: only the entries asked for are expanded, each the same object unpackRegistry gives', () => {
    const contact = { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string', format: 'email', description: 'x'.repeat(MIN_SHARED_LENGTH) } } };
    const entry = (name: string) => ({ name, kind: 'api', paramsSchema: { type: 'object', $defs: { contact: structuredClone(contact) } } });
    const data = { version: '9.9', intercomVersion: '9.9', operations: [entry('one'), entry('two'), entry('three')] };
    const packed = JSON.parse(JSON.stringify(packSharedSubtrees(data)));
    const lazy = packedRegistry(packed);
    expect(lazy.names).toEqual(['one', 'two', 'three']);
    const two = lazy.entry(1);
    expect(two).toEqual(data.operations[1]);
    // Entries not asked for are still packed.
    expect(JSON.stringify(packed.data.operations[0])).toContain(SHARED_KEY);
    expect(JSON.stringify(packed.data.operations[1])).not.toContain(SHARED_KEY);

    const registry = loadPackedRegistry(packed);
    expect(registry.names).toEqual(['one', 'two', 'three']);
    expect(registry.get('two')).toBe(two);
    expect(Object.isFrozen(two.paramsSchema)).toBe(true);
    expect(JSON.stringify(packed.data.operations[2])).toContain(SHARED_KEY);
    // Every entry unpacked afterwards: equal data, the entries already read are the same objects.
    const all = unpackRegistry(packed);
    expect(all).toEqual(data);
    expect(all.operations[1]).toBe(two);
    expect(registry.operations.three).toBe(all.operations[2]);
    const defsOf = (entry: { paramsSchema: { $defs?: unknown } }) => entry.paramsSchema.$defs as Record<string, unknown>;
    expect(defsOf(all.operations[2]).contact).toBe(defsOf(two).contact);
    expect(registry.get('four')).toBeUndefined();
  });

  it('the shipped 2.14 and Preview registries read lazily hold the same entries as unpacked at once', () => {
    for (const version of ['2.14', 'preview']) {
      // Packed data fresh from the module's text (the module's own object may be expanded by now).
      const fresh = () => {
        const text = readFileSync(join(REPO_ROOT, 'generated', version, 'registry.ts'), 'utf8');
        const literal = /JSON\.parse\(('(?:[^'\\]|\\.)*')\);/.exec(text)![1];
        return JSON.parse(new Function(`return ${literal};`)() as string) as PackedData;
      };
      const packed = fresh();
      expect(JSON.stringify(packed.data)).toContain(`"${SHARED_KEY}"`);
      const registry = loadPackedRegistry(packed);
      expect(Object.values(registry.operations)).toEqual(unpackRegistry(fresh()).operations);
    }
  });
});
