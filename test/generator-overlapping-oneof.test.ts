/**
 * Rule overlapping-oneOf (generator/relaxations.ts): a `oneOf` where one branch accepts
 * everything another accepts becomes an `anyOf`, reported with its reason; branches that only
 * share some value keep their `oneOf`. On the real descriptions it finds createTag (also listed)
 * and, from 2.14, updateDataAttribute, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { detectOverlappingOneOfs, OVERLAPPING_ONE_OF } from '../generator/relaxations.js';
import { transformOperations } from '../generator/transform/operation.js';
import type { JsonSchema } from '../runtime/registry-types.js';
import { loadSpec } from '../spec/load.js';
import { OPENAPI_DIR } from './support/shared.js';

const params = (body: JsonSchema, defs?: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  properties: { $body: body },
  additionalProperties: false,
  ...(defs ? { $defs: defs } : {}),
});

describe('detectOverlappingOneOfs', () => {
  it('a branch that accepts anything contains every other: relaxed, with the reason', () => {
    const schema = params({
      type: 'object',
      oneOf: [{ type: 'object', title: 'list', properties: { options: { type: 'array' } }, required: ['options'] }, { title: 'other type' }],
    });
    const applied = detectOverlappingOneOfs('op', schema);
    expect(applied).toEqual([
      {
        id: OVERLAPPING_ONE_OF,
        operation: 'op',
        pointer: '/properties/$body',
        change: 'oneOf-to-anyOf',
        reason: expect.stringContaining('branch 2 ("other type") accepts every value branch 1 ("list") accepts'),
      },
    ]);
    expect((schema.properties as any).$body).toEqual({ type: 'object', anyOf: expect.any(Array) });
  });

  it('an open branch with fewer requirements contains a stricter one (createTag shape), also through $defs', () => {
    const schema = params(
      { oneOf: [{ $ref: '#/$defs/named' }, { $ref: '#/$defs/tagCompanies' }] },
      {
        named: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        tagCompanies: {
          type: 'object',
          properties: { name: { type: 'string' }, companies: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } } } },
          required: ['name', 'companies'],
        },
      },
    );
    expect(detectOverlappingOneOfs('op', schema).map((r) => r.reason)).toEqual([expect.stringContaining('branch 1 ("named") accepts every value branch 2 ("tagCompanies")')]);
  });

  it('branches that only share a value ({} for two filters without required properties) are left strict', () => {
    const schema = params({
      oneOf: [
        { type: 'object', properties: { field: { type: 'string' }, operator: { type: 'string', enum: ['=', '!='] } } },
        { type: 'object', properties: { operator: { type: 'string', enum: ['AND', 'OR'] }, value: { type: 'array' } } },
      ],
    });
    expect(detectOverlappingOneOfs('op', schema)).toEqual([]);
    expect((schema.properties as any).$body.oneOf).toHaveLength(2);
  });

  it('disjoint scalar branches and a null branch are left strict', () => {
    const schema = params({ type: 'object', properties: { v: { oneOf: [{ type: 'string' }, { type: 'integer' }, { type: 'array', items: { type: 'string' } }, { type: 'null' }] } } });
    expect(detectOverlappingOneOfs('op', schema)).toEqual([]);
  });
});

describe('on the descriptions (no listed relaxation given)', () => {
  for (const [version, expected] of [
    ['2.10', ['createTag /properties/$body']],
    ['2.14', ['updateDataAttribute /$defs/update_data_attribute_request', 'createTag /properties/$body']],
  ] as const) {
    it(`${version}: finds ${expected.join(' and ')}, nothing else`, async () => {
      const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
      const { relaxations } = transformOperations(spec.model, []);
      expect(relaxations.map((r) => `${r.operation} ${r.pointer}`)).toEqual(expected);
      expect(relaxations.every((r) => r.id === OVERLAPPING_ONE_OF)).toBe(true);
    }, 60_000);
  }
});
