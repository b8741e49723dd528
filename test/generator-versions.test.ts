/**
 * Every pinned version (2.7 … 2.16 and preview): the API registry builds, names are unique and
 * valid, and every paramsSchema compiles with strict Ajv. Load + convert + compile only (fast);
 * type-checking each version's generated TypeScript is the version-diff work's job.
 */
import { describe, expect, it } from 'vitest';
import { createGateAjv } from '../generator/ajv-check.js';
import { assertUniqueNames, assertValidName, deriveOperationName, NAME_PATTERN } from '../generator/naming.js';
import { transformOperations } from '../generator/transform/operation.js';
import { AJV_FORMATS } from '../generator/transform/schema.js';
import { loadSpec } from '../spec/load.js';
import { VERSIONS } from '../spec/pins.js';
import { OPENAPI_DIR } from './support/shared.js';

const DERIVED = [
  'postExportReportingDataEnqueue',
  'getExportReportingDataByJobIdentifier',
  'getExportReportingDataGetDatasets',
  'getDownloadReportingDataByJobIdentifier',
];

function formatsIn(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => formatsIn(n, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') out.add(value);
      else formatsIn(value, out);
    }
  }
  return out;
}

describe('derived names', () => {
  it('follow the documented rule', () => {
    expect(deriveOperationName('GET', '/export/reporting_data/{job_identifier}')).toBe('getExportReportingDataByJobIdentifier');
    expect(deriveOperationName('POST', '/export/reporting_data/enqueue')).toBe('postExportReportingDataEnqueue');
    expect(deriveOperationName('GET', '/export/reporting_data/get_datasets')).toBe('getExportReportingDataGetDatasets');
    expect(deriveOperationName('DELETE', '/a-b/{c.d}/x')).toBe('deleteABByCDX');
  });

  it('fail generation on a collision or an unusable name instead of renaming', () => {
    expect(() =>
      assertUniqueNames([
        { name: 'getExportReportingDataByJobIdentifier', where: 'GET /export/reporting_data/{job_identifier}' },
        { name: 'getExportReportingDataByJobIdentifier', where: 'GET /export/reporting_data/{id}' },
      ]),
    ).toThrow(/name collision: "getExportReportingDataByJobIdentifier" is used by GET \/export\/reporting_data\/\{job_identifier\} and by GET/);
    expect(() => assertValidName('delete', 'x')).toThrow(/reserved word/);
    expect(() => assertValidName('createIntercomClient', 'x')).toThrow(/clashes/);
    // client.ts re-exports the openapi-typescript types under these names.
    for (const name of ['paths', 'components', 'operations']) expect(() => assertValidName(name, 'x')).toThrow(/clashes/);
    expect(() => assertValidName('list-tags', 'x')).toThrow(/does not match/);
  });
});

describe.each(VERSIONS.map((pin) => pin.version))('spec %s', (version) => {
  it('builds a registry whose names are unique and whose paramsSchemas all compile', async () => {
    const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
    const { entries, relaxations } = transformOperations(spec.document);

    const names = entries.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(NAME_PATTERN);

    const derived = entries.filter((e) => e.operationId === null).map((e) => e.name);
    const withDerived = ['2.14', '2.15', '2.16', 'preview'].includes(version);
    expect(derived.sort()).toEqual(withDerived ? [...DERIVED].sort() : []);

    const ajv = createGateAjv();
    const failures: string[] = [];
    for (const e of entries) {
      try {
        ajv.compile(e.paramsSchema);
      } catch (error) {
        failures.push(`${e.name}: ${(error as Error).message}`);
      }
      for (const format of formatsIn(e.paramsSchema)) if (!AJV_FORMATS.has(format)) failures.push(`${e.name}: format ${format}`);
    }
    expect(failures).toEqual([]);
    expect(relaxations.map((r) => r.id)).toEqual(['createTag-body-anyOf']);

    if (withDerived) {
      // The template says {job_identifier}; upstream declares it `in: query` (fix job-identifier-in-path).
      const status = entries.find((e) => e.name === 'getExportReportingDataByJobIdentifier')!;
      expect(status.parameters.filter((p) => p.name === 'job_identifier').map((p) => p.in)).toEqual(['path']);
      expect(status.paramsSchema.required).toEqual(['job_identifier', 'app_id', 'client_id']);
    }
  });
});
