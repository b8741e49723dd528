/** validateRegistryData: the structural check the generator runs before writing and the runtime at load. */
import { describe, expect, it } from 'vitest';
import { REGISTRY_LOADERS, SUPPORTED_VERSIONS } from '../generated/versions.js';
import { unpackRegistry } from '../runtime/shared-subtrees.js';
import { IntercomOpsError } from '../runtime/errors.js';
import { validateRegistryData } from '../runtime/registry-check.js';


const apiEntry = {
  kind: 'api', name: 'listTags', operationId: 'listTags', method: 'GET', path: '/tags', summary: 'List all tags',
  readOnly: true, paramsSchema: { type: 'object', properties: {}, additionalProperties: false },
  parameters: [], body: null, pagination: null, deprecated: false, tags: ['Tags'],
  resultSchema: { type: 'object', properties: { data: { type: 'array', items: { type: 'object' } } } }, rowSchema: null,
};
const v1Entry = {
  kind: 'v1', name: 'list_tags', summary: 'List tags', readOnly: true,
  paramsSchema: { type: 'object', properties: {}, additionalProperties: false },
  calls: ['listTags'], resolvedCalls: [{ target: 'listTags', name: 'listTags', method: 'GET', path: '/tags' }],
  legacy: false, mapped: {}, dropped: [], resultsPath: false, unavailable: null,
  resultSchema: { type: 'object' }, rowSchema: null,
};

function problems(data: unknown): string {
  try {
    validateRegistryData(data);
    return '';
  } catch (error) {
    expect(error).toBeInstanceOf(IntercomOpsError);
    expect((error as IntercomOpsError).code).toBe('CONFIG');
    return (error as Error).message;
  }
}

describe('validateRegistryData', () => {
  it('accepts the committed registry of every version and minimal entries of both kinds', async () => {
    for (const version of SUPPORTED_VERSIONS) {
      const data = structuredClone(unpackRegistry(await REGISTRY_LOADERS[version]()));
      expect(validateRegistryData(data, version)).toBe(data);
    }
    expect(problems({ version: '2.10', operations: [apiEntry, v1Entry] })).toBe('');
  });

  it('rejects invalid and duplicate names', () => {
    expect(problems({ version: '2.10', operations: [{ ...apiEntry, name: '1bad' }] })).toMatch(/invalid name "1bad"/);
    expect(problems({ version: '2.10', operations: [{ ...apiEntry, name: 'list-tags' }] })).toMatch(/invalid name/);
    expect(problems({ version: '2.10', operations: [apiEntry, { ...v1Entry, name: 'listTags' }] })).toMatch(/duplicate name "listTags"/);
  });

  it('rejects entries that are not plain data', () => {
    expect(problems({ version: '2.10', operations: [{ ...apiEntry, summary: () => 'x' }] })).toMatch(/function is not plain data/);
    expect(problems({ version: '2.10', operations: [{ ...apiEntry, paramsSchema: { type: 'object', x: new Date(0) } }] })).toMatch(/Date instance/);
    expect(problems({ version: '2.10', operations: [{ ...apiEntry, tags: [undefined] }] })).toMatch(/undefined is not plain data/);
  });

  it('requires the kind-specific fields', () => {
    const { method: _m, ...noMethod } = apiEntry;
    expect(problems({ version: '2.10', operations: [noMethod] })).toMatch(/\(listTags\): field "method"/);
    expect(problems({ version: '2.10', operations: [{ ...apiEntry, pagination: { style: 'weird', rowsPath: 'data' } }] })).toMatch(/field "pagination"/);
    expect(problems({ version: '2.10', operations: [{ ...v1Entry, calls: 'listTags' }] })).toMatch(/\(list_tags\): field "calls"/);
    expect(problems({ version: '2.10', operations: [{ ...v1Entry, kind: 'v2' }] })).toMatch(/kind must be "api" or "v1"/);
    const { resultSchema: _r, ...noResult } = apiEntry;
    expect(problems({ version: '2.10', operations: [noResult] })).toMatch(/\(listTags\): field "resultSchema"/);
    expect(problems({ version: '2.10', operations: [{ ...v1Entry, rowSchema: 'rows' }] })).toMatch(/\(list_tags\): field "rowSchema"/);
    expect(problems({ operations: [] })).toMatch(/"version" is missing/);
    expect(problems({ version: '2.10' })).toMatch(/"operations" is not an array/);
    expect(problems([])).toMatch(/not a JSON object/);
  });
});
