/**
 * Every pinned version (2.7 … 2.16 and preview): the API registry builds, names are unique and
 * valid, and every paramsSchema compiles with strict Ajv. Load + convert + compile only (fast);
 * test/versions.test.ts type-checks each version's generated TypeScript.
 */
import { createRequire } from 'node:module';
import type { Ajv as AjvCore, Options as AjvOptions } from 'ajv';
import { describe, expect, it } from 'vitest';
import { assertSchemasCompile } from '../generator/ajv-check.js';
import { assertUniqueNames, assertValidName, NAME_PATTERN } from '../generator/naming.js';
import { transformOperations } from '../generator/transform/operation.js';
import { transformV1Operations } from '../generator/transform/v1-operations.js';
import { DEFAULT_V1_CATALOG } from '../generator/v1-catalog.js';
import { AJV_FORMATS } from '../generator/transform/schema.js';
import { loadSpec } from '../spec/load.js';
import { deriveOperationName } from '../spec/model.js';
import { VERSIONS } from '../spec/pins.js';
import { OPENAPI_DIR } from './support/shared.js';
import { formatsIn } from './support/schema-walk.js';

// Ajv and ajv-formats are CommonJS: createRequire gives their real exports.
const require = createRequire(import.meta.url);
const Ajv = require('ajv').default as new (options: AjvOptions) => AjvCore;
const addFormats = require('ajv-formats').default as (ajv: AjvCore) => AjvCore;

const DERIVED = [
  'postExportReportingDataEnqueue',
  'getExportReportingDataByJobIdentifier',
  'getExportReportingDataGetDatasets',
  'getDownloadReportingDataByJobIdentifier',
];

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
    const { entries, relaxations } = transformOperations(spec.model);

    const names = entries.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(NAME_PATTERN);

    const derived = entries.filter((e) => e.operationId === null).map((e) => e.name);
    const withDerived = ['2.14', '2.15', '2.16', 'preview'].includes(version);
    expect(derived.sort()).toEqual(withDerived ? [...DERIVED].sort() : []);

    expect(() => assertSchemasCompile(entries)).not.toThrow();
    const unknownFormats = entries.flatMap((e) => [...formatsIn(e.paramsSchema)].filter((f) => !AJV_FORMATS.has(f)).map((f) => `${e.name}: ${f}`));
    expect(unknownFormats).toEqual([]);
    // Listed: createTag. Detected (rule overlapping-oneOf): updateDataAttribute's body from 2.14.
    const detected = withDerived ? ['overlapping-oneOf updateDataAttribute'] : [];
    expect(relaxations.map((r) => `${r.id} ${r.operation}`)).toEqual([...detected, 'createTag-body-anyOf createTag']);

    if (withDerived) {
      // The template says {job_identifier}; upstream declares it `in: query` (fix job-identifier-in-path).
      const status = entries.find((e) => e.name === 'getExportReportingDataByJobIdentifier')!;
      expect(status.parameters.filter((p) => p.name === 'job_identifier').map((p) => p.in)).toEqual(['path']);
      expect(status.paramsSchema.required).toEqual(['job_identifier', 'app_id', 'client_id']);
    }
  });

  it('every paramsSchema (API and v1) compiles with a consumer\'s plain strict Ajv: no error, no warning', async () => {
    // What a form builder or an LLM tool host does: Ajv's strict defaults (strictTypes and
    // strictRequired on, no union types) + ajv-formats, nothing of ours registered.
    const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
    const { entries } = transformOperations(spec.model);
    const v1 = transformV1Operations({ version, operations: DEFAULT_V1_CATALOG.operations, targets: DEFAULT_V1_CATALOG.targets, api: entries });
    const messages: string[] = [];
    const logger = { log: () => undefined, warn: (...args: unknown[]) => messages.push(args.join(' ')), error: (...args: unknown[]) => messages.push(args.join(' ')) };
    const ajv = addFormats(new Ajv({ strict: true, logger }));
    for (const e of [...entries, ...v1]) {
      try {
        ajv.compile(e.paramsSchema);
      } catch (error) {
        messages.push(`${e.name}: ${(error as Error).message}`);
      }
    }
    expect(messages).toEqual([]);
    expect(v1.length).toBeGreaterThan(0);
  });

  it('detects the next-cursor style only where a cursor param is fed from a next_cursor field (2.16+)', async () => {
    const spec = await loadSpec(version, { specDir: OPENAPI_DIR, fetch: false });
    const { entries } = transformOperations(spec.model);
    const found = entries.filter((e) => e.pagination?.style === 'next-cursor').map((e) => [e.name, e.pagination]);
    const expected = ['2.16', 'preview'].includes(version)
      ? [['ListContactMergeHistory', {
            style: 'next-cursor',
            rowsPath: 'data',
            next: { from: 'next_cursor', kind: 'cursor', to: 'cursor' },
            carry: [],
            stop: { hasMorePath: 'has_more', totalPagesPath: null, pageNumberPath: null, emptyPageEnds: false },
            repeatsPointer: false,
        }]]
      : [];
    expect(found).toEqual(expected);
  });
});
