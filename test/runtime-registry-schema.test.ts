/**
 * One registry shape: the JSON Schema in runtime/registry-schema.ts is checked with Ajv at load,
 * and the types in runtime/registry-types.ts are generated from it (this suite fails while that
 * file is stale). Plus the load-time checks a schema cannot state.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGISTRY_TYPES_FILE, renderRegistryTypes } from '../generator/registry-types.js';
import pinnedPacked from '../generated/pinned.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import { createAjv } from '../runtime/ajv.js';
import { validateRegistryData } from '../runtime/registry-check.js';
import { REGISTRY_SCHEMA } from '../runtime/registry-schema.js';
import type { RegistryData } from '../runtime/registry-types.js';

const pinnedRegistry = unpackRegistry(pinnedPacked);

const committed = (): RegistryData => structuredClone(pinnedRegistry);

function problemsOf(data: unknown): string {
  try {
    validateRegistryData(data, 'test');
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('the registry schema', () => {
  it('runtime/registry-types.ts is what the schema generates (npm run registry-types)', async () => {
    const text = readFileSync(REGISTRY_TYPES_FILE, 'utf8');
    expect(text.startsWith('/**\n * GENERATED FILE — do not edit.')).toBe(true);
    expect(text, 'stale: run `npm run build && npm run registry-types`').toBe(await renderRegistryTypes());
  });

  it('is a valid draft-07 schema that strict Ajv compiles (the load-time check skips the meta-schema)', () => {
    const ajv = createAjv(undefined, { discriminator: true, validateSchema: true });
    ajv.addKeyword({ keyword: 'tsType', schemaType: 'string' });
    expect(ajv.validateSchema(REGISTRY_SCHEMA), JSON.stringify(ajv.errors)).toBe(true);
    expect(() => ajv.compile(REGISTRY_SCHEMA)).not.toThrow();
  });

  it('accepts the committed registry', () => {
    expect(problemsOf(committed())).toBe('');
  });

  it('refuses a v1 entry whose call is not an API operation of the registry', () => {
    const data = committed();
    const v1 = data.operations.find((e) => e.name === 'get_admin')!;
    const others = data.operations.filter((e) => e.name !== 'retrieveAdmin');
    expect(problemsOf({ ...data, operations: others })).toMatch(/\(get_admin\): calls retrieveAdmin, which is not an API operation of this registry/);
    expect(v1.kind).toBe('v1');
  });

  it('refuses unknown fields and malformed pagination descriptors, naming the entry and field', () => {
    const data = committed();
    const withExtra = data.operations.map((e) => (e.name === 'listTags' ? { ...e, surprise: 1 } : e));
    expect(problemsOf({ ...data, operations: withExtra })).toMatch(/\(listTags\): unknown field "surprise"/);
    const badPaging = data.operations.map((e) =>
      e.kind === 'api' && e.name === 'SearchContacts' ? { ...e, pagination: { ...e.pagination!, next: { from: 'x', kind: 'url', to: 'starting_after' } } } : e,
    );
    expect(problemsOf({ ...data, operations: badPaging })).toMatch(/\(SearchContacts\): field "pagination" is missing or malformed/);
  });
});
